package dev.vitals.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a certificate chain and a PKCS#8 private key from PEM files into a key store, with the JDK
 * alone. Only unencrypted PKCS#8 keys are read: the JDK has no reader for the older PKCS#1 and SEC 1
 * files, and a passphrase would have to sit next to the key anyway. For those, the message says
 * which {@code openssl} command converts the file.
 */
final class PemFiles {
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    /** Far more than any chain; a bigger file is not what the user meant to give. */
    private static final long MAX_SIZE = 1024 * 1024;
    /** The key algorithms TLS servers use; {@code EdDSA} reads Ed25519 and Ed448 keys. */
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "EdDSA");

    private static final byte[] PROBE = "does this key belong to this certificate?".getBytes(StandardCharsets.US_ASCII);

    private PemFiles() {}

    /** One {@code -----BEGIN TYPE-----} block of a file. */
    private record Block(String type, String body) {}

    static Tls load(Path certificateFile, Path keyFile) {
        List<X509Certificate> chain = certificates(certificateFile);
        PrivateKey key = privateKey(keyFile);
        X509Certificate leaf = chain.get(0);
        if (!belongTogether(key, leaf)) {
            throw new TlsException("the private key in " + keyFile + " does not match the first certificate in "
                    + certificateFile + " (" + leaf.getSubjectX500Principal().getName()
                    + "): the certificate file must start with the server's own certificate, followed by"
                    + " its intermediates, and the key must be the one of that certificate");
        }
        try {
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            String password = Base64.getEncoder().encodeToString(random);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("vitals", key, password.toCharArray(), chain.toArray(new X509Certificate[0]));
            return new Tls(certificateFile, keyFile, store, password);
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsException("cannot use the key of " + keyFile + ": " + e.getMessage(), e);
        }
    }

    static List<X509Certificate> certificates(Path file) {
        List<Block> blocks = blocks(file, "TLS certificate file");
        List<Block> certificates =
                blocks.stream().filter(b -> b.type().equals("CERTIFICATE")).toList();
        if (certificates.isEmpty()) {
            boolean onlyKey = blocks.stream().anyMatch(b -> b.type().endsWith("PRIVATE KEY"));
            throw new TlsException("no certificate in the TLS certificate file " + file
                    + (onlyKey
                            ? ", only a private key: are the certificate and key files swapped?"
                            : ": it must hold -----BEGIN CERTIFICATE----- blocks, the server's own"
                                    + " certificate first"));
        }
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block b : certificates) {
                String which = "certificate " + (chain.size() + 1) + " in " + file;
                try {
                    chain.add(
                            (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(decode(b, which))));
                } catch (CertificateException e) {
                    throw new TlsException(which + " cannot be read: " + e.getMessage(), e);
                }
            }
        } catch (CertificateException e) {
            throw new TlsException("this Java has no X.509 support: " + e.getMessage(), e);
        }
        return List.copyOf(chain);
    }

    static PrivateKey privateKey(Path file) {
        List<Block> blocks = blocks(file, "TLS key file");
        List<Block> keys =
                blocks.stream().filter(b -> b.type().endsWith("PRIVATE KEY")).toList();
        if (keys.isEmpty()) {
            boolean onlyCertificates = blocks.stream().anyMatch(b -> b.type().equals("CERTIFICATE"));
            throw new TlsException("no private key in the TLS key file " + file
                    + (onlyCertificates
                            ? ", only certificates: are the certificate and key files swapped?"
                            : ": it must hold a -----BEGIN PRIVATE KEY----- block"));
        }
        if (keys.size() > 1) {
            throw new TlsException("the TLS key file " + file + " holds " + keys.size()
                    + " private keys; give a file with only the key of the certificate");
        }
        Block key = keys.get(0);
        String convert = "`openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key-pkcs8.pem`";
        if (key.type().equals("ENCRYPTED PRIVATE KEY") || key.body().contains("ENCRYPTED")) {
            throw new TlsException("the TLS key file " + file + " is encrypted, and Vitals reads only"
                    + " unencrypted keys: decrypt it with " + convert
                    + " (it asks for the passphrase) and make the new file readable by Vitals only");
        }
        if (!key.type().equals("PRIVATE KEY")) {
            String format = switch (key.type()) {
                case "RSA PRIVATE KEY" -> "the PKCS#1";
                case "EC PRIVATE KEY" -> "the SEC 1";
                default -> "an older";
            };
            throw new TlsException("the TLS key file " + file + " is in " + format + " format (-----BEGIN "
                    + key.type() + "-----); Vitals reads PKCS#8 keys (-----BEGIN PRIVATE KEY-----): convert it with "
                    + convert);
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(decode(key, "the private key in " + file));
        for (String algorithm : KEY_ALGORITHMS) {
            Optional<PrivateKey> read = read(algorithm, spec);
            if (read.isPresent()) {
                return read.get();
            }
        }
        throw new TlsException("the private key in " + file
                + " cannot be read: it is not an RSA, EC or Ed25519 key in PKCS#8, or the file is damaged");
    }

    private static Optional<PrivateKey> read(String algorithm, PKCS8EncodedKeySpec spec) {
        try {
            return Optional.of(KeyFactory.getInstance(algorithm).generatePrivate(spec));
        } catch (InvalidKeySpecException e) {
            return Optional.empty(); // a key of another algorithm, or no key at all
        } catch (GeneralSecurityException e) {
            throw new TlsException("this Java cannot read " + algorithm + " keys: " + e.getMessage(), e);
        }
    }

    /**
     * Whether the key is the certificate's: signing with one and verifying with the other works for
     * every algorithm, where comparing public parts would need code per algorithm.
     */
    static boolean belongTogether(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> "EdDSA";
        };
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (InvalidKeyException | SignatureException e) {
            return false; // a key of another algorithm than the certificate's
        } catch (GeneralSecurityException e) {
            throw new TlsException("this Java cannot check " + key.getAlgorithm() + " keys: " + e.getMessage(), e);
        }
    }

    private static List<Block> blocks(Path file, String what) {
        String text;
        try {
            if (Files.size(file) > MAX_SIZE) {
                throw new TlsException("the " + what + " " + file + " is larger than 1 MiB; it is not a PEM file");
            }
            // Latin-1 reads any byte: text around the blocks (openssl's -text output) must not fail.
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new TlsException("the " + what + " " + file + " does not exist", e);
        } catch (AccessDeniedException e) {
            throw new TlsException("cannot read the " + what + " " + file + ": permission denied", e);
        } catch (IOException e) {
            throw new TlsException("cannot read the " + what + " " + file + ": " + e.getMessage(), e);
        }
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            blocks.add(new Block(m.group(1), m.group(2)));
        }
        return blocks;
    }

    private static byte[] decode(Block block, String which) {
        try {
            return Base64.getMimeDecoder().decode(block.body().strip());
        } catch (IllegalArgumentException e) {
            throw new TlsException(which + " is not valid PEM: " + e.getMessage(), e);
        }
    }
}
