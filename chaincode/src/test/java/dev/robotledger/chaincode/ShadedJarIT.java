package dev.robotledger.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The fat jar the peer will reach as chaincode-as-a-service: it carries the contract and its
 * runtime, names the shim's router as main class, and boots into server mode as a real process
 * (contract discovery and metadata validation happen before it listens).
 */
class ShadedJarIT {

    private static final Path JAR = Path.of("target", "provenance-chaincode.jar");

    @Test
    void carriesTheContractAndItsRuntimeWithTheRouterAsMainClass() throws IOException {
        assertThat(JAR).exists();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("org.hyperledger.fabric.contract.ContractRouter");
            assertThat(jar.getEntry("dev/robotledger/chaincode/ProvenanceContract.class"))
                    .isNotNull();
            assertThat(jar.getEntry("com/fasterxml/jackson/databind/ObjectMapper.class"))
                    .isNotNull();
            assertThat(jar.getEntry("org/hyperledger/fabric/protos/msp/SerializedIdentity.class"))
                    .isNotNull();
            assertThat(jar.getEntry("dev/robotledger/contract/testkit/InMemoryChaincodeStub.class"))
                    .as("test fixtures stay out of the deployable jar")
                    .isNull();
        }
    }

    @Test
    void bootsAsAChaincodeServerAndListens() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path log = Path.of("target", "shaded-jar-it.log");
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // A clean environment: an inherited CORE_PEER_TLS_ENABLED would switch the server to TLS.
        builder.environment().clear();
        builder.environment().put("CHAINCODE_SERVER_ADDRESS", "127.0.0.1:" + port);
        builder.environment().put("CORE_CHAINCODE_ID_NAME", "provenance:shaded-jar-it");
        Process chaincode = builder.start();
        try {
            assertThat(awaitListening(chaincode, port, Duration.ofSeconds(60)))
                    .as("chaincode server on port %d; log: %s", port, Files.exists(log) ? Files.readString(log) : "")
                    .isTrue();
            assertThat(Files.readString(log)).doesNotContain("Exception");
        } finally {
            chaincode.destroy();
            if (!chaincode.waitFor(10, TimeUnit.SECONDS)) {
                chaincode.destroyForcibly();
            }
        }
    }

    private static boolean awaitListening(Process process, int port, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException notYet) {
                process.waitFor(100, TimeUnit.MILLISECONDS);
            }
        }
        return false;
    }
}
