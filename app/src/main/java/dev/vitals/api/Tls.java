package dev.vitals.api;

import java.nio.file.Path;
import java.security.KeyStore;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * HTTPS for the API and console: a certificate chain and its private key, read from PEM files by
 * {@link #fromPem} and held in an in-memory key store. The files are read once, at start; a renewed
 * certificate takes effect at the next start.
 *
 * @param storePassword protects the in-memory key store only because the key store API wants one;
 *     it is random and never leaves the process
 */
public record Tls(Path certificateFile, Path keyFile, KeyStore keyStore, String storePassword) {
    /** TLS 1.2 and 1.3 only: the older versions are broken and every current client has 1.2. */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    /**
     * Reads the certificate chain (the server's certificate first, then intermediates) and its
     * unencrypted PKCS#8 private key.
     *
     * @throws TlsException naming the file and what is wrong with it
     */
    public static Tls fromPem(Path certificateFile, Path keyFile) {
        return PemFiles.load(certificateFile, keyFile);
    }

    /** A connector that speaks HTTP/1.1 over TLS only: a plain-HTTP request to it is not answered. */
    ServerConnector connector(Server server, HttpConfiguration http) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(keyStore);
        ssl.setKeyStorePassword(storePassword);
        ssl.setKeyManagerPassword(storePassword);
        ssl.setIncludeProtocols(PROTOCOLS);
        HttpConfiguration https = new HttpConfiguration(http);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // Jetty's default answers 400 "Invalid SNI" when the Host header is not a name of the
        // certificate, which breaks access by an address or an alias behind a proxy. Clients check
        // the name themselves; with one certificate there is nothing for the server to choose.
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        return new ServerConnector(
                server,
                new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
                new HttpConnectionFactory(https));
    }
}
