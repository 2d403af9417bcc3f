package dev.robotledger.gateway.testing.containers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Whether an MQTT broker answers at an address and port (loopback unless given): an MQTT 3.1.1 CONNECT answered by a CONNACK. */
public final class MqttProbe {

    private static final byte[] CONNECT = {0x10, 12, 0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 10, 0, 0};
    private static final byte[] DISCONNECT = {(byte) 0xE0, 0};

    private MqttProbe() {}

    static boolean answers(int port) {
        return answers("127.0.0.1", port);
    }

    public static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write(CONNECT);
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] connack = in.readNBytes(4);
            boolean accepted = connack.length == 4 && connack[0] == 0x20 && connack[3] == 0;
            if (accepted) {
                out.write(DISCONNECT);
            }
            return accepted;
        } catch (IOException notYet) {
            return false;
        }
    }
}
