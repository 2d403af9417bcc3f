package dev.robotledger.wire.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class NoDelaySocketFactoryTest {

    private final NoDelaySocketFactory factory = new NoDelaySocketFactory();

    @Test
    void unconnectedSocketHasNagleOff() throws Exception {
        try (Socket socket = factory.createSocket()) {
            assertThat(socket.getTcpNoDelay()).isTrue();
        }
    }

    @Test
    void connectedSocketsHaveNagleOff() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket server = new ServerSocket(0, 5, loopback);
                Socket byName = factory.createSocket(loopback.getHostAddress(), server.getLocalPort());
                Socket byAddress = factory.createSocket(loopback, server.getLocalPort());
                Socket bound = factory.createSocket(loopback, server.getLocalPort(), loopback, 0)) {
            assertThat(byName.getTcpNoDelay()).isTrue();
            assertThat(byAddress.getTcpNoDelay()).isTrue();
            assertThat(bound.getTcpNoDelay()).isTrue();
        }
    }
}
