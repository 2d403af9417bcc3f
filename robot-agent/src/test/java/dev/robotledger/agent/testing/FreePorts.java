package dev.robotledger.agent.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Loopback ports for the processes tests start; from the ephemeral range, so never a run command's. */
public final class FreePorts {

    private FreePorts() {}

    /** A port nothing listens on right now (another process may still take it before the caller binds). */
    public static int loopback() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }
}
