package dev.vitals.checks.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import okhttp3.OkHttpClient;

/**
 * Whom an HTTPS check trusts: the JDK's authorities (plus those of a {@code ca_file}), or, with
 * {@code verify: false}, anyone under any name. Each setting gets its own {@link SSLContext}, whose
 * session cache keeps sessions for one second only, so that every check makes a full handshake and
 * the TLS phase measures what a new visitor would wait for.
 */
final class TrustSettings {
    /** A CA file is read again when it changes on disk. */
    record Key(boolean verify, Optional<Path> caFile, Optional<FileTime> modified) {
        static Key of(boolean verify, Optional<Path> caFile) throws IOException {
            if (!verify) {
                return new Key(false, Optional.empty(), Optional.empty());
            }
            Optional<FileTime> modified =
                    caFile.isPresent() ? Optional.of(Files.getLastModifiedTime(caFile.get())) : Optional.empty();
            return new Key(true, caFile, modified);
        }
    }

    private TrustSettings() {}

    /** A client that trusts as {@code key} says, derived from (and sharing threads with) {@code base}. */
    /** Derives a client from each base with the trust of {@code key}, reading a CA file once. */
    static List<OkHttpClient> clients(List<OkHttpClient> bases, Key key) throws IOException, GeneralSecurityException {
        java.util.function.UnaryOperator<OkHttpClient.Builder> trust;
        if (key.verify()) {
            List<X509Certificate> extra =
                    key.caFile().isPresent() ? readPem(key.caFile().get()) : List.of();
            X509ExtendedTrustManager tm = new ExplainingTrustManager(pkix(extra));
            SSLContext ctx = context(tm);
            IdentifyingSocketFactory factory = new IdentifyingSocketFactory(ctx.getSocketFactory());
            trust = b -> b.sslSocketFactory(factory, tm);
        } else {
            X509ExtendedTrustManager tm = new TrustingAll();
            javax.net.ssl.SSLSocketFactory factory = context(tm).getSocketFactory();
            trust = b -> b.sslSocketFactory(factory, tm).hostnameVerifier((host, session) -> true);
        }
        List<OkHttpClient> out = new ArrayList<>(bases.size());
        for (OkHttpClient base : bases) {
            out.add(trust.apply(base.newBuilder()).build());
        }
        return out;
    }

    static List<X509Certificate> readPem(Path file) throws IOException, GeneralSecurityException {
        List<X509Certificate> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                if (c instanceof X509Certificate x) {
                    out.add(x);
                }
            }
        }
        if (out.isEmpty()) {
            throw new GeneralSecurityException("no certificates in it");
        }
        return out;
    }

    private static SSLContext context(X509ExtendedTrustManager tm) throws GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {tm}, new SecureRandom());
        // 0 would mean "forever"; one second keeps resumption out of all but back-to-back checks.
        ctx.getClientSessionContext().setSessionTimeout(1);
        return ctx;
    }

    /** The JDK's own trust, with {@code extra} authorities added when given. */
    private static X509ExtendedTrustManager pkix(List<X509Certificate> extra)
            throws IOException, GeneralSecurityException {
        TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        jdk.init((KeyStore) null);
        X509ExtendedTrustManager jdkTrust = first(jdk);
        if (extra.isEmpty()) {
            return jdkTrust;
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (X509Certificate c : jdkTrust.getAcceptedIssuers()) {
            store.setCertificateEntry("jdk-" + i++, c);
        }
        for (X509Certificate c : extra) {
            store.setCertificateEntry("ca-file-" + i++, c);
        }
        TrustManagerFactory combined = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        combined.init(store);
        return first(combined);
    }

    private static X509ExtendedTrustManager first(TrustManagerFactory f) throws GeneralSecurityException {
        for (TrustManager tm : f.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("the JDK offers no X.509 trust manager");
    }

    /** For {@code verify: false}: the certificate is still read (for its expiry), never judged. */
    private static final class TrustingAll extends X509ExtendedTrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
