package dev.vitals.testkit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates made in the test, so that TLS targets can present valid, expired, short-lived,
 * wrongly named and untrusted certificates. Usage:
 *
 * <pre>{@code
 * var ca = Certificates.authority("Test CA");
 * var leaf = ca.issue("localhost", Instant.now().minus(1, DAYS), Instant.now().plus(10, DAYS), "localhost", "127.0.0.1");
 * SSLContext server = leaf.serverContext();      // for an HTTPS or TLS test server
 * Path pem = ca.writePem(dir.resolve("ca.pem")); // for ca_file
 * }</pre>
 */
public final class Certificates {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());
    private static final SecureRandom RANDOM = new SecureRandom();

    private Certificates() {}

    /** A self-signed certificate authority valid from a day ago for ten years. */
    public static Authority authority(String name) {
        KeyPair keys = keyPair();
        Instant now = Instant.now();
        X509Certificate cert = build(
                new X500Name("CN=" + name),
                new X500Name("CN=" + name),
                keys.getPublic(),
                keys.getPrivate(),
                now.minusSeconds(86_400),
                now.plusSeconds(3650L * 86_400),
                true,
                List.of());
        return new Authority(cert, keys.getPrivate());
    }

    /** A self-signed leaf certificate (trusted by nobody) for {@code names}. */
    public static Leaf selfSigned(String cn, Instant notBefore, Instant notAfter, String... names) {
        KeyPair keys = keyPair();
        X509Certificate cert = build(
                new X500Name("CN=" + cn),
                new X500Name("CN=" + cn),
                keys.getPublic(),
                keys.getPrivate(),
                notBefore,
                notAfter,
                false,
                List.of(names));
        return new Leaf(List.of(cert), keys.getPrivate());
    }

    /** The kind of key pair of a leaf; authorities always have EC keys. */
    public enum KeyType {
        EC,
        RSA,
        ED25519
    }

    public record Authority(X509Certificate certificate, PrivateKey key) {
        /** A leaf signed by this authority; {@code names} become DNS or IP subject alternative names. */
        public Leaf issue(String cn, Instant notBefore, Instant notAfter, String... names) {
            return issue(KeyType.EC, cn, notBefore, notAfter, names);
        }

        /** A leaf with a key of this type, signed by this authority. */
        public Leaf issue(KeyType type, String cn, Instant notBefore, Instant notAfter, String... names) {
            KeyPair keys = keyPair(type);
            X500Name issuer = new X500Name(certificate.getSubjectX500Principal().getName());
            X509Certificate cert = build(
                    issuer,
                    new X500Name("CN=" + cn),
                    keys.getPublic(),
                    key,
                    notBefore,
                    notAfter,
                    false,
                    List.of(names));
            return new Leaf(List.of(cert, certificate), keys.getPrivate());
        }

        public Path writePem(Path file) {
            return Certificates.writePem(file, List.of(certificate));
        }

        /** An SSLContext that trusts only this authority, for clients in tests. */
        public SSLContext clientContext() {
            try {
                KeyStore ts = KeyStore.getInstance("PKCS12");
                ts.load(null, null);
                ts.setCertificateEntry("ca", certificate);
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ts);
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, tmf.getTrustManagers(), RANDOM);
                return ctx;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A certificate chain (leaf first) with the leaf's private key. */
    public record Leaf(List<X509Certificate> chain, PrivateKey key) {
        public X509Certificate certificate() {
            return chain.get(0);
        }

        /** An SSLContext presenting this chain, for test servers. */
        public SSLContext serverContext() {
            try {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry("leaf", key, "pw".toCharArray(), chain.toArray(new X509Certificate[0]));
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, "pw".toCharArray());
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(kmf.getKeyManagers(), null, RANDOM);
                return ctx;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }

        public Path writeChainPem(Path file) {
            return Certificates.writePem(file, chain);
        }

        /** The key as an unencrypted PKCS#8 {@code PRIVATE KEY} block, what {@code openssl genpkey} writes. */
        public Path writePkcs8KeyPem(Path file) {
            String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(key.getEncoded());
            try {
                Files.writeString(
                        file,
                        "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n",
                        StandardCharsets.US_ASCII);
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * The key in OpenSSL's traditional form: {@code RSA PRIVATE KEY} (PKCS#1) or {@code EC PRIVATE
         * KEY} (SEC 1).
         */
        public Path writeKeyPem(Path file) {
            try (StringWriter s = new StringWriter();
                    JcaPEMWriter w = new JcaPEMWriter(s)) {
                w.writeObject(key);
                w.flush();
                Files.writeString(file, s.toString(), StandardCharsets.US_ASCII);
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static Path writePem(Path file, List<X509Certificate> certs) {
        try (StringWriter s = new StringWriter();
                JcaPEMWriter w = new JcaPEMWriter(s)) {
            for (X509Certificate c : certs) {
                w.writeObject(c);
            }
            w.flush();
            Files.writeString(file, s.toString(), StandardCharsets.US_ASCII);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KeyPair keyPair() {
        return keyPair(KeyType.EC);
    }

    private static KeyPair keyPair(KeyType type) {
        try {
            return switch (type) {
                case EC -> {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                    g.initialize(256, RANDOM);
                    yield g.generateKeyPair();
                }
                case RSA -> {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                    g.initialize(2048, RANDOM);
                    yield g.generateKeyPair();
                }
                case ED25519 -> KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate build(
            X500Name issuer,
            X500Name subject,
            java.security.PublicKey publicKey,
            PrivateKey signer,
            Instant notBefore,
            Instant notAfter,
            boolean ca,
            List<String> names) {
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                    issuer,
                    BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(notBefore),
                    Date.from(notAfter),
                    subject,
                    publicKey);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (ca) {
                b.addExtension(
                        Extension.keyUsage,
                        true,
                        new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            } else {
                b.addExtension(
                        Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            }
            if (!names.isEmpty()) {
                List<GeneralName> sans = new ArrayList<>();
                for (String n : names) {
                    sans.add(
                            isIp(n)
                                    ? new GeneralName(
                                            GeneralName.iPAddress,
                                            InetAddress.getByName(n).getHostAddress())
                                    : new GeneralName(GeneralName.dNSName, n));
                }
                b.addExtension(
                        Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(new GeneralName[0])));
            }
            var holder = b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(holder);
            // Re-read through the JDK's factory so that the object is the JDK's own implementation.
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(cert.getEncoded()));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isIp(String n) {
        return n.indexOf(':') >= 0 || n.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }
}
