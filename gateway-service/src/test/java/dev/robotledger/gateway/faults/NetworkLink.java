package dev.robotledger.gateway.faults;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A robot's network path to the broker: a TCP relay on a free loopback port that forwards every
 * connection to the broker's port. {@link #cut()} drops the open connections and refuses new
 * ones, as a pulled cable or a dead access point would, until {@link #restore()}; the robot keeps
 * working and its agent keeps storing what it cannot send.
 */
final class NetworkLink implements AutoCloseable {

    private final ServerSocket listener;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean cut;
    private volatile boolean closed;

    private NetworkLink(ServerSocket listener, int targetPort) {
        this.listener = listener;
        this.targetPort = targetPort;
        this.acceptor = new Thread(this::accept, "link-" + listener.getLocalPort() + "-to-" + targetPort);
        this.acceptor.setDaemon(true);
    }

    static NetworkLink to(int targetPort) {
        try {
            NetworkLink link = new NetworkLink(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetPort);
            link.acceptor.start();
            return link;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String uri() {
        return "tcp://127.0.0.1:" + listener.getLocalPort();
    }

    void cut() {
        cut = true;
        open.forEach(NetworkLink::closeQuietly);
    }

    void restore() {
        cut = false;
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        open.forEach(NetworkLink::closeQuietly);
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            if (cut) {
                closeQuietly(client);
                continue;
            }
            Socket upstream = new Socket();
            try {
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2000);
            } catch (IOException brokerDown) {
                // The robot sees what it would see with the broker down: a connection that closes.
                closeQuietly(client);
                closeQuietly(upstream);
                continue;
            }
            open.add(client);
            open.add(upstream);
            pump(client, upstream);
            pump(upstream, client);
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(
                () -> {
                    byte[] buffer = new byte[16 * 1024];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        for (int read; (read = in.read(buffer)) >= 0; ) {
                            out.write(buffer, 0, read);
                            out.flush();
                        }
                    } catch (IOException connectionGone) {
                        // Either side closed or the link was cut: close both ends below.
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                        open.remove(from);
                        open.remove(to);
                    }
                },
                "link-pump-" + from.getPort());
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException alreadyGone) {
            // Closing is all that was wanted.
        }
    }
}
