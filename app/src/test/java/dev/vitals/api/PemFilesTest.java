package dev.vitals.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.testkit.Certificates;
import dev.vitals.testkit.Certificates.KeyType;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.util.io.pem.PemObjectGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemFilesTest {
    /** Given to the encrypting builders only: the JDK has no OpenSSL key derivation to encrypt with. */
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private static final Certificates.Authority CA = Certificates.authority("PEM test CA");

    @TempDir
    Path dir;

    private static Certificates.Leaf leaf(KeyType type) {
        Instant now = Instant.now();
        return CA.issue(
                type, "vitals.test", now.minus(1, ChronoUnit.DAYS), now.plus(30, ChronoUnit.DAYS), "vitals.test");
    }

    private Path chain(Certificates.Leaf leaf) {
        return leaf.writeChainPem(dir.resolve("chain.pem"));
    }

    @Test
    void anRsaKeyAndItsChainMakeAKeyStoreWithTheLeafFirst() throws Exception {
        Certificates.Leaf leaf = leaf(KeyType.RSA);

        Tls tls = Tls.fromPem(chain(leaf), leaf.writePkcs8KeyPem(dir.resolve("key.pem")));

        KeyStore store = tls.keyStore();
        Certificate[] stored = store.getCertificateChain("vitals");
        assertThat(stored).containsExactly(leaf.chain().toArray(new Certificate[0]));
        PrivateKey key = (PrivateKey) store.getKey("vitals", tls.storePassword().toCharArray());
        assertThat(key.getAlgorithm()).isEqualTo("RSA");
        assertThat(key.getEncoded()).isEqualTo(leaf.key().getEncoded());
    }

    @Test
    void anEcKeyIsRead() throws Exception {
        Certificates.Leaf leaf = leaf(KeyType.EC);

        Tls tls = Tls.fromPem(chain(leaf), leaf.writePkcs8KeyPem(dir.resolve("key.pem")));

        assertThat(tls.keyStore()
                        .getKey("vitals", tls.storePassword().toCharArray())
                        .getAlgorithm())
                .isEqualTo("EC");
    }

    @Test
    void anEd25519KeyIsRead() throws Exception {
        Certificates.Leaf leaf = leaf(KeyType.ED25519);

        Tls tls = Tls.fromPem(chain(leaf), leaf.writePkcs8KeyPem(dir.resolve("key.pem")));

        assertThat(tls.keyStore().getCertificateChain("vitals")).hasSize(2);
    }

    @Test
    void textAroundTheBlocksAndOneFileForBothAreAccepted() throws Exception {
        Certificates.Leaf leaf = leaf(KeyType.EC);
        Path combined = dir.resolve("combined.pem");
        Files.writeString(
                combined,
                "Certificate:\n    Data: (what openssl x509 -text prints, with é)\n"
                        + Files.readString(chain(leaf))
                        + Files.readString(leaf.writePkcs8KeyPem(dir.resolve("key.pem"))),
                StandardCharsets.UTF_8);

        Tls tls = Tls.fromPem(combined, combined);

        assertThat(tls.keyStore().getCertificateChain("vitals")).hasSize(2);
    }

    @Test
    void aMissingFileIsNamed() {
        Certificates.Leaf leaf = leaf(KeyType.EC);
        Path key = leaf.writePkcs8KeyPem(dir.resolve("key.pem"));
        Path missing = dir.resolve("nope.pem");

        assertThatThrownBy(() -> Tls.fromPem(missing, key))
                .isInstanceOf(TlsException.class)
                .hasMessage("the TLS certificate file " + missing + " does not exist");
        assertThatThrownBy(() -> Tls.fromPem(chain(leaf), missing))
                .isInstanceOf(TlsException.class)
                .hasMessage("the TLS key file " + missing + " does not exist");
    }

    @Test
    void aFolderInsteadOfAFileCannotBeRead() {
        Certificates.Leaf leaf = leaf(KeyType.EC);

        assertThatThrownBy(() -> Tls.fromPem(chain(leaf), dir))
                .isInstanceOf(TlsException.class)
                .hasMessageStartingWith("cannot read the TLS key file " + dir + ": ");
    }

    @Test
    void aFileWithoutACertificateSaysSo() throws Exception {
        Certificates.Leaf leaf = leaf(KeyType.EC);
        Path empty = Files.writeString(dir.resolve("empty.pem"), "hello\n");

        assertThatThrownBy(() -> Tls.fromPem(empty, leaf.writePkcs8KeyPem(dir.resolve("key.pem"))))
                .isInstanceOf(TlsException.class)
                .hasMessage("no certificate in the TLS certificate file " + empty
                        + ": it must hold -----BEGIN CERTIFICATE----- blocks, the server's own certificate first");
    }

    @Test
    void swappedFilesAreRecognised() {
        Certificates.Leaf leaf = leaf(KeyType.EC);
        Path chain = chain(leaf);
        Path key = leaf.writePkcs8KeyPem(dir.resolve("key.pem"));

        assertThatThrownBy(() -> Tls.fromPem(key, chain))
                .isInstanceOf(TlsException.class)
                .hasMessage("no certificate in the TLS certificate file " + key
                        + ", only a private key: are the certificate and key files swapped?");
    }

    @Test
    void aKeyFileWithoutAKeySaysSo() throws Exception {
        Certificates.Leaf leaf = leaf(KeyType.EC);
        Path nothing = Files.writeString(dir.resolve("nothing.pem"), "");

        assertThatThrownBy(() -> Tls.fromPem(chain(leaf), nothing))
                .isInstanceOf(TlsException.class)
                .hasMessage("no private key in the TLS key file " + nothing
                        + ": it must hold a -----BEGIN PRIVATE KEY----- block");
    }

    @Test
    void anRsaPkcs1KeyIsRefusedWithTheCommandThatConvertsIt() throws Exception {
        Certificates.Leaf leaf = leaf(KeyType.RSA);
        Path key = leaf.writeKeyPem(dir.resolve("rsa.pem"));
        assertThat(Files.readString(key)).startsWith("-----BEGIN RSA PRIVATE KEY-----");

        assertThatThrownBy(() -> Tls.fromPem(chain(leaf), key))
                .isInstanceOf(TlsException.class)
                .hasMessage("the TLS key file " + key + " is in the PKCS#1 format (-----BEGIN RSA PRIVATE KEY-----);"
                        + " Vitals reads PKCS#8 keys (-----BEGIN PRIVATE KEY-----): convert it with"
                        + " `openssl pkcs8 -topk8 -nocrypt -in " + key + " -out key-pkcs8.pem`");
    }

    @Test
    void anEcSec1KeyIsRefusedWithTheCommandThatConvertsIt() throws Exception {
        Certificates.Leaf leaf = leaf(KeyType.EC);
        Path key = leaf.writeKeyPem(dir.resolve("ec.pem"));
        assertThat(Files.readString(key)).startsWith("-----BEGIN EC PRIVATE KEY-----");

        assertThatThrownBy(() -> Tls.fromPem(chain(leaf), key))
                .isInstanceOf(TlsException.class)
                .hasMessageContaining("is in the SEC 1 format (-----BEGIN EC PRIVATE KEY-----)")
                .hasMessageContaining("`openssl pkcs8 -topk8 -nocrypt -in " + key + " -out key-pkcs8.pem`");
    }

    @Test
    void anEncryptedPkcs8KeyIsRefused() throws Exception {
        Certificates.Leaf leaf = leaf(KeyType.EC);
        OutputEncryptor encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                .setProvider(BC)
                .setPassword("secret".toCharArray())
                .build();
        Path key = writePem(dir.resolve("encrypted.pem"), new JcaPKCS8Generator(leaf.key(), encryptor));
        assertThat(Files.readString(key)).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");

        assertThatThrownBy(() -> Tls.fromPem(chain(leaf), key))
                .isInstanceOf(TlsException.class)
                .hasMessage("the TLS key file " + key + " is encrypted, and Vitals reads only unencrypted keys:"
                        + " decrypt it with `openssl pkcs8 -topk8 -nocrypt -in " + key + " -out key-pkcs8.pem`"
                        + " (it asks for the passphrase) and make the new file readable by Vitals only");
    }

    @Test
    void anEncryptedTraditionalKeyIsRefusedAsEncrypted() throws Exception {
        Certificates.Leaf leaf = leaf(KeyType.RSA);
        Path key = dir.resolve("encrypted-rsa.pem");
        try (StringWriter s = new StringWriter();
                JcaPEMWriter w = new JcaPEMWriter(s)) {
            w.writeObject(
                    leaf.key(),
                    new JcePEMEncryptorBuilder("AES-128-CBC").setProvider(BC).build("secret".toCharArray()));
            w.flush();
            Files.writeString(key, s.toString());
        }
        assertThat(Files.readString(key)).contains("Proc-Type: 4,ENCRYPTED");

        assertThatThrownBy(() -> Tls.fromPem(chain(leaf), key))
                .isInstanceOf(TlsException.class)
                .hasMessageStartingWith("the TLS key file " + key + " is encrypted");
    }

    @Test
    void aKeyOfAnotherCertificateDoesNotMatch() {
        Certificates.Leaf leaf = leaf(KeyType.EC);
        Path chain = chain(leaf);
        Path otherKey = leaf(KeyType.EC).writePkcs8KeyPem(dir.resolve("other.pem"));

        assertThatThrownBy(() -> Tls.fromPem(chain, otherKey))
                .isInstanceOf(TlsException.class)
                .hasMessage("the private key in " + otherKey + " does not match the first certificate in " + chain
                        + " (CN=vitals.test): the certificate file must start with the server's own certificate,"
                        + " followed by its intermediates, and the key must be the one of that certificate");
    }

    @Test
    void anRsaKeyForAnEcCertificateDoesNotMatch() {
        Certificates.Leaf ec = leaf(KeyType.EC);
        Path rsaKey = leaf(KeyType.RSA).writePkcs8KeyPem(dir.resolve("rsa.pem"));

        assertThatThrownBy(() -> Tls.fromPem(chain(ec), rsaKey))
                .isInstanceOf(TlsException.class)
                .hasMessageStartingWith("the private key in " + rsaKey + " does not match the first certificate");
    }

    @Test
    void aChainWithTheAuthorityFirstDoesNotMatch() throws Exception {
        Certificates.Leaf leaf = leaf(KeyType.EC);
        Path reversed = dir.resolve("reversed.pem");
        Files.writeString(
                reversed, Files.readString(CA.writePem(dir.resolve("ca.pem"))) + Files.readString(chain(leaf)));

        assertThatThrownBy(() -> Tls.fromPem(reversed, leaf.writePkcs8KeyPem(dir.resolve("key.pem"))))
                .isInstanceOf(TlsException.class)
                .hasMessageContaining("(CN=PEM test CA)")
                .hasMessageContaining("must start with the server's own certificate");
    }

    @Test
    void aDamagedKeyIsNotAStackTraceButAMessage() throws Exception {
        Certificates.Leaf leaf = leaf(KeyType.EC);
        Path key = Files.writeString(
                dir.resolve("damaged.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");

        assertThatThrownBy(() -> Tls.fromPem(chain(leaf), key))
                .isInstanceOf(TlsException.class)
                .hasMessage("the private key in " + key
                        + " cannot be read: it is not an RSA, EC or Ed25519 key in PKCS#8, or the file is damaged");
    }

    @Test
    void aDamagedCertificateIsNamedByItsPlace() throws Exception {
        Certificates.Leaf leaf = leaf(KeyType.EC);
        Path chain = dir.resolve("damaged-chain.pem");
        Files.writeString(
                chain,
                Files.readString(chain(leaf)) + "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");

        assertThatThrownBy(() -> Tls.fromPem(chain, leaf.writePkcs8KeyPem(dir.resolve("key.pem"))))
                .isInstanceOf(TlsException.class)
                .hasMessageStartingWith("certificate 3 in " + chain + " cannot be read: ");
    }

    private static Path writePem(Path file, PemObjectGenerator pemObject) throws Exception {
        try (StringWriter s = new StringWriter();
                JcaPEMWriter w = new JcaPEMWriter(s)) {
            w.writeObject(pemObject);
            w.flush();
            return Files.writeString(file, s.toString());
        }
    }
}
