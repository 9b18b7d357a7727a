package dev.vitals.notify.email;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.SocketFactory;

/**
 * The plain sockets of one SMTP conversation, kept so that they can be closed from outside. Jakarta
 * Mail's timeouts apply to each read and write; a server that answers every line just in time would
 * otherwise hold a conversation far past the dispatcher's deadline. Closing the plain socket also
 * ends a TLS session layered on it by STARTTLS.
 */
final class Sockets extends SocketFactory {
    private final SocketFactory plain = SocketFactory.getDefault();
    private final List<Socket> opened = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    void closeAll() {
        closed = true;
        for (Socket s : opened) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway: the conversation is over
            }
        }
    }

    boolean closed() {
        return closed;
    }

    private Socket keep(Socket s) throws IOException {
        opened.add(s);
        if (closed) {
            s.close();
        }
        return s;
    }

    @Override
    public Socket createSocket() throws IOException {
        return keep(plain.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return keep(plain.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return keep(plain.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return keep(plain.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return keep(plain.createSocket(address, port, localAddress, localPort));
    }
}
