package dev.robotledger.gateway.testing.containers;

/**
 * Mosquitto in a container of its own (the image {@code robotledger/mosquitto}: anonymous,
 * persistent sessions), its port published on loopback; on a container network when given one,
 * where other containers reach it by its alias on port 1883.
 */
public final class ContainerizedMosquitto implements AutoCloseable {

    public static final int PORT = 1883;

    private final ProjectContainer container;
    private final String alias;

    private ContainerizedMosquitto(ProjectContainer container, String alias) {
        this.container = container;
        this.alias = alias;
    }

    /** A broker on no container network of its own: only this host reaches it. */
    public static ContainerizedMosquitto start() {
        return new ContainerizedMosquitto(
                ProjectContainer.start("mosquitto", PORT, null, null, MqttProbe::answers), "broker");
    }

    /** A broker on {@code network}, where other containers reach it as {@code alias:1883}. */
    public static ContainerizedMosquitto start(ContainerNetwork network, String alias) {
        return new ContainerizedMosquitto(
                ProjectContainer.start("mosquitto", PORT, network, alias, MqttProbe::answers), alias);
    }

    /** The broker as this host reaches it. */
    public String uri() {
        return "tcp://127.0.0.1:" + container.hostPort();
    }

    /** The broker as other containers on its network reach it: {@code alias:1883}. */
    public String address() {
        return alias + ":" + PORT;
    }

    public String logs() {
        return container.logs();
    }

    @Override
    public void close() {
        container.close();
    }
}
