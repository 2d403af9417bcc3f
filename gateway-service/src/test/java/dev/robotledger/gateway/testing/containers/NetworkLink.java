package dev.robotledger.gateway.testing.containers;

/**
 * One client's network path to an MQTT broker, as a container of its own (the image
 * {@code robotledger/link}, a TCP relay) on the broker's network: the client connects to
 * {@link #uri()}, and {@link #cut()} freezes the path while every other client still reaches the
 * broker. A cut is silent, as a broken network is: connections stay open and nothing arrives, so
 * each end finds out only through its MQTT keep-alive.
 */
public final class NetworkLink implements AutoCloseable {

    private final ProjectContainer container;

    private NetworkLink(ProjectContainer container) {
        this.container = container;
    }

    /** A link to {@code broker} on its network, ready when the broker answers through it. */
    public static NetworkLink toBroker(ContainerNetwork network, ContainerizedMosquitto broker) {
        return new NetworkLink(ProjectContainer.start(
                "link",
                ContainerizedMosquitto.PORT,
                network,
                "link",
                MqttProbe::answers,
                Integer.toString(ContainerizedMosquitto.PORT),
                broker.address()));
    }

    public String uri() {
        return "tcp://127.0.0.1:" + container.hostPort();
    }

    public void cut() {
        container.pause();
    }

    public void restore() {
        container.unpause();
    }

    @Override
    public void close() {
        container.close();
    }
}
