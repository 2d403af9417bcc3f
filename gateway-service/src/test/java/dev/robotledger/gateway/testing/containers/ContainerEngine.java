package dev.robotledger.gateway.testing.containers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.util.List;
import org.testcontainers.DockerClientFactory;

/**
 * The container engine the tier's tests use: Podman's Docker-compatible API, found by
 * Testcontainers through {@code DOCKER_HOST} (network/containers.sh env prints it). Its images
 * are the project's own, built by {@code network/containers.sh images}; none is ever pulled.
 */
public final class ContainerEngine {

    public static final String TIER_PROPERTY = "containers.tier";
    /** Every container and network the tests create carries it; {@code network/containers.sh clean} removes what is left. */
    static final String TEST_LABEL = "dev.robotledger.test";

    private static final String SUITE = System.getProperty("containers.suite", "bookworm");
    private static final List<String> IMAGES = List.of("postgresql", "mosquitto", "link", "fabric-node", "lightning");

    private ContainerEngine() {}

    public static boolean tierOn() {
        return "on".equals(System.getProperty(TIER_PROPERTY));
    }

    static String whyOff() {
        String property = System.getProperty(TIER_PROPERTY);
        return "Container tier off: -D" + TIER_PROPERTY + " is " + (property == null ? "unset" : "'" + property + "'")
                + ", not 'on' (network/system.sh test turns it on where Podman works; by hand: network/containers.sh"
                + " install, images and service, then eval \"$(network/containers.sh env)\")";
    }

    /** The project image {@code name} (a folder of network/containers/). */
    static String image(String name) {
        return "localhost/robotledger/" + name + ":" + SUITE;
    }

    static DockerClient client() {
        return DockerClientFactory.instance().client();
    }

    /** Fails, saying what to run, unless the engine answers and every project image is there. */
    static void requireReady() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new IllegalStateException(
                    "container tier on, but no container engine answers at DOCKER_HOST=" + System.getenv("DOCKER_HOST")
                            + " (network/containers.sh service; eval \"$(network/containers.sh env)\")");
        }
        for (String name : IMAGES) {
            try {
                client().inspectImageCmd(image(name)).exec();
            } catch (NotFoundException missing) {
                throw new IllegalStateException(
                        "container tier on, but the image " + image(name)
                                + " is missing (network/containers.sh images builds it)",
                        missing);
            }
        }
    }
}
