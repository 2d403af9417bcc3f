package dev.robotledger.wire.transport;

import dev.robotledger.wire.crypto.KeyFiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS to the MQTT broker with a client certificate: the broker trusts the client by its certificate
 * (whose common name is its user name), the client trusts only the broker CA. Files are PEM as the
 * broker's provisioning writes them: the CA certificate, the client's certificate and its PKCS#8
 * P-256 key. Nagle is off on every socket, as with {@link NoDelaySocketFactory}.
 */
public final class MqttTls {

    private static final char[] NO_PASSWORD = new char[0];

    private MqttTls() {}

    /** A socket factory for Paho's {@code ssl://} URIs, read from the three files now. */
    public static SSLSocketFactory socketFactory(Path caFile, Path certificateFile, Path keyFile) throws IOException {
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            int index = 0;
            for (Certificate ca : certificates(caFile)) {
                trusted.setCertificateEntry("ca-" + index++, ca);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);

            PrivateKey key = KeyFiles.readPrivateKey(keyFile);
            KeyStore own = KeyStore.getInstance("PKCS12");
            own.load(null, null);
            own.setKeyEntry(
                    "client", key, NO_PASSWORD, certificates(certificateFile).toArray(Certificate[]::new));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(own, NO_PASSWORD);

            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return new NoDelay(context.getSocketFactory());
        } catch (GeneralSecurityException e) {
            throw new IOException(
                    "cannot set up TLS to the broker from " + caFile + ", " + certificateFile + " and " + keyFile + ": "
                            + e.getMessage(),
                    e);
        }
    }

    private static Collection<? extends Certificate> certificates(Path file)
            throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> read =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (read.isEmpty() || !(read.iterator().next() instanceof X509Certificate)) {
                throw new IOException(file + " holds no PEM certificate");
            }
            return read;
        }
    }

    /** Delegates to the TLS factory and turns Nagle off on each socket it makes. */
    private static final class NoDelay extends SSLSocketFactory {

        private final SSLSocketFactory tls;

        NoDelay(SSLSocketFactory tls) {
            this.tls = tls;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return tls.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return tls.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return noDelay(tls.createSocket());
        }

        @Override
        public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
            socket.setTcpNoDelay(true);
            return tls.createSocket(socket, host, port, autoClose);
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(tls.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return noDelay(tls.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(tls.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return noDelay(tls.createSocket(address, port, localAddress, localPort));
        }

        private static Socket noDelay(Socket socket) throws IOException {
            socket.setTcpNoDelay(true);
            return socket;
        }
    }
}
