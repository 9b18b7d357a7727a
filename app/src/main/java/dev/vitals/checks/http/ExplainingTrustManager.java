package dev.vitals.checks.http;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK's certificate checks, with their verdicts put into words: "certificate expired on
 * 2026-01-01" rather than "PKIX path validation failed: validity check failed". The JDK also checks
 * the host name here (see {@link IdentifyingSocketFactory}), so a wrongly named certificate fails
 * during the handshake with a reason naming both names.
 */
final class ExplainingTrustManager extends X509ExtendedTrustManager {
    static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private final X509ExtendedTrustManager delegate;

    ExplainingTrustManager(X509ExtendedTrustManager delegate) {
        this.delegate = delegate;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        try {
            delegate.checkServerTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            String host = socket instanceof SSLSocket s ? peerHost(s.getHandshakeSession()) : "";
            throw explain(e, chain, host);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        try {
            delegate.checkServerTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            throw explain(e, chain, peerHost(engine.getHandshakeSession()));
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        try {
            delegate.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            throw explain(e, chain, "");
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegate.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegate.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }

    private static String peerHost(SSLSession session) {
        return session == null || session.getPeerHost() == null ? "" : session.getPeerHost();
    }

    static CertificateException explain(CertificateException e, X509Certificate[] chain, String host) {
        if (chain == null || chain.length == 0) {
            return e;
        }
        X509Certificate leaf = chain[0];
        if (hasCause(e, CertificateExpiredException.class)) {
            X509Certificate first = Stream.of(chain)
                    .min(Comparator.comparing(X509Certificate::getNotAfter))
                    .orElse(leaf);
            String whose = first.equals(leaf) ? "certificate" : "issuer certificate " + commonName(first);
            return new CertificateProblem(
                    whose + " expired on " + DAY.format(first.getNotAfter().toInstant()), leaf);
        }
        if (hasCause(e, CertificateNotYetValidException.class)) {
            X509Certificate last = Stream.of(chain)
                    .max(Comparator.comparing(X509Certificate::getNotBefore))
                    .orElse(leaf);
            String whose = last.equals(leaf) ? "certificate" : "issuer certificate " + commonName(last);
            return new CertificateProblem(
                    whose + " is not valid before "
                            + DAY.format(last.getNotBefore().toInstant()),
                    leaf);
        }
        String message = String.valueOf(e.getMessage());
        if (message.contains("No subject alternative") || message.contains("No name matching")) {
            String names = String.join(", ", names(leaf));
            return new CertificateProblem(
                    "certificate is for " + (names.isEmpty() ? "no host name" : names)
                            + (host.isEmpty() ? "" : ", not " + host),
                    leaf);
        }
        if (message.contains("PKIX") || message.contains("certification path")) {
            X509Certificate top = chain[chain.length - 1];
            boolean selfSigned =
                    chain.length == 1 && leaf.getSubjectX500Principal().equals(leaf.getIssuerX500Principal());
            return new CertificateProblem(
                    selfSigned
                            ? "self-signed certificate is not trusted"
                            : "certificate issued by " + issuerName(top) + " is not trusted",
                    leaf);
        }
        return new CertificateProblem("certificate rejected: " + rootMessage(e), leaf);
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        Throwable t = e;
        for (int depth = 0; t != null && depth < 20; depth++, t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        for (int depth = 0; root.getCause() != null && depth < 20; depth++) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static List<String> names(X509Certificate cert) {
        List<String> out = new ArrayList<>();
        try {
            var sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    Object type = san.get(0);
                    if (type instanceof Integer i && (i == 2 || i == 7)) {
                        out.add(String.valueOf(san.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException ignored) {
            // Fall back to the common name below.
        }
        if (out.isEmpty()) {
            String cn = commonName(cert);
            if (!cn.isEmpty()) {
                out.add(cn);
            }
        }
        return out;
    }

    private static String commonName(X509Certificate cert) {
        return cn(cert.getSubjectX500Principal().getName());
    }

    private static String issuerName(X509Certificate cert) {
        String cn = cn(cert.getIssuerX500Principal().getName());
        return cn.isEmpty() ? cert.getIssuerX500Principal().getName() : "\"" + cn + "\"";
    }

    private static String cn(String dn) {
        try {
            for (Rdn rdn : new LdapName(dn).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (InvalidNameException e) {
            // Not a name we can read; say nothing rather than something wrong.
        }
        return "";
    }
}
