package dev.vitals.checks.net;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Judges a recorded certificate chain the way a Java client would, with the JDK's own trust
 * manager: the JDK's roots by default, or the certificates of a {@code ca_file} instead. Using the
 * trust manager rather than a bare {@code CertPathValidator} keeps the JDK's disabled algorithms
 * and CA distrust policies, so "trusted" here means what it means to the services' clients. A
 * {@code ca_file} is read once and read again only when it changes, so that rotating a private CA
 * needs no restart.
 */
final class TrustStore {
    private final Map<Path, Loaded> files = new ConcurrentHashMap<>();
    private volatile X509TrustManager jdk;

    private record Loaded(FileTime modified, X509TrustManager manager) {}

    /** Why a chain is not trusted; {@code datesOnly} when a certificate's dates were the only complaint. */
    record Untrusted(String reason, boolean datesOnly) {}

    /** What is wrong with the chain's trust; empty when it is trusted. */
    Optional<Untrusted> problem(List<X509Certificate> chain, String authType, Optional<Path> caFile) {
        X509TrustManager manager;
        try {
            manager = caFile.isPresent() ? fromFile(caFile.get()) : jdk();
        } catch (IOException | GeneralSecurityException e) {
            return Optional.of(new Untrusted("cannot judge the certificate chain: " + describeLoad(caFile, e), false));
        }
        try {
            manager.checkServerTrusted(chain.toArray(new X509Certificate[0]), authType);
            return Optional.empty();
        } catch (CertificateException e) {
            return Optional.of(new Untrusted(describe(chain, e, caFile), isDateFailure(e)));
        } catch (RuntimeException e) {
            return Optional.of(new Untrusted("certificate chain not valid: " + e.getMessage(), false));
        }
    }

    /** True when the chain failed because a certificate is outside its dates. */
    private static boolean isDateFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException) {
                return true;
            }
            if (t instanceof CertPathValidatorException v
                    && (v.getReason() == CertPathValidatorException.BasicReason.EXPIRED
                            || v.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(List<X509Certificate> chain, CertificateException e, Optional<Path> caFile) {
        String root = rootMessage(e);
        X509Certificate leaf = chain.get(0);
        if (isDateFailure(e)) {
            return "certificate chain not valid: a certificate in it is outside its validity dates";
        }
        if (root.contains("unable to find valid certification path") || root.contains("PKIX path building failed")) {
            String anchors = caFile.map(p -> "the certificates in " + p).orElse("a trusted root");
            boolean selfSigned = leaf.getSubjectX500Principal().equals(leaf.getIssuerX500Principal());
            return selfSigned
                    ? "self-signed certificate not trusted ("
                            + leaf.getSubjectX500Principal().getName() + ")"
                    : "certificate not trusted: no chain from "
                            + leaf.getIssuerX500Principal().getName() + " to " + anchors;
        }
        return "certificate chain not valid: " + root;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static String describeLoad(Optional<Path> caFile, Exception e) {
        if (caFile.isEmpty()) {
            return "the JDK's trusted roots could not be loaded (" + e.getMessage() + ")";
        }
        if (e instanceof NoSuchFileException) {
            return "ca_file " + caFile.get() + " does not exist";
        }
        return "ca_file " + caFile.get() + " could not be read (" + e.getMessage() + ")";
    }

    private X509TrustManager jdk() throws GeneralSecurityException {
        X509TrustManager m = jdk;
        if (m == null) {
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init((KeyStore) null);
            m = first(f.getTrustManagers());
            jdk = m;
        }
        return m;
    }

    private X509TrustManager fromFile(Path file) throws IOException, GeneralSecurityException {
        FileTime modified = Files.getLastModifiedTime(file);
        Loaded loaded = files.get(file);
        if (loaded != null && loaded.modified().equals(modified)) {
            return loaded.manager();
        }
        Collection<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(file)) {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (certs.isEmpty()) {
            throw new CertificateException("no PEM certificates in it");
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int i = 0;
        for (Certificate c : certs) {
            store.setCertificateEntry("ca-" + i++, c);
        }
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(store);
        X509TrustManager manager = first(f.getTrustManagers());
        files.put(file, new Loaded(modified, manager));
        return manager;
    }

    private static X509TrustManager first(TrustManager[] managers) throws GeneralSecurityException {
        for (TrustManager m : managers) {
            if (m instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }
}
