package dev.robotledger.gateway.ledger;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link ContractPeer} over TLS on a loopback port until the process is stopped, for
 * {@code network/system.sh} (the browser tests' system, and {@code LEDGER=double up}): no Fabric
 * network can run on the project's machines, and the dashboard's provenance pages need a ledger.
 *
 * <p><strong>A test double, not Fabric</strong>: the real provenance contract on an in-memory
 * world state with Fabric's commit rules, no endorsement policies, no orderer (see
 * {@link ContractPeer}). Everything it holds is lost when it stops.
 *
 * <p>It makes new throw-away crypto material on every start and writes it to the directory given,
 * named for the gateway's {@code gateway.ledger.*} settings:
 *
 * <pre>
 * java -cp gateway-service/target/test-classes:gateway-service/target/classes:$(cat gateway-service/target/test-classpath.txt) \
 *      dev.robotledger.gateway.ledger.ContractPeerMain --port 27051 --dir .state/ledger-double
 *
 *   DIR/tls-ca.pem              gateway.ledger.tls-ca-cert-file   (the double's TLS CA)
 *   DIR/client-cert.pem         gateway.ledger.certificate-file   (a ManufacturerMSP identity, X.509)
 *   DIR/client-key.pem          gateway.ledger.private-key-file   (its key, PKCS#8 PEM)
 *                               gateway.ledger.tls-server-name    = peer0.manufacturer.test
 *   DIR/ready                   written last, holding host:port, once the server listens
 * </pre>
 */
public final class ContractPeerMain {

    /** The name in the double's TLS certificate: the gateway's {@code gateway.ledger.tls-server-name}. */
    public static final String TLS_SERVER_NAME = "peer0.manufacturer.test";

    private static final String USAGE = "usage: ContractPeerMain --port <loopback port> --dir <directory for the"
            + " TLS CA certificate and the client identity> [--validity-days <days, default 30>]";

    private ContractPeerMain() {
    }

    public static void main(String[] args) throws Exception {
        Integer port = null;
        Path dir = null;
        int validityDays = 30;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port" -> port = Integer.valueOf(required(args[i], value));
                case "--dir" -> dir = Path.of(required(args[i], value));
                case "--validity-days" -> validityDays = Integer.parseInt(required(args[i], value));
                default -> fail("unknown argument '" + args[i] + "'");
            }
            i++;
        }
        if (port == null || dir == null || port < 1 || port > 65_535 || validityDays < 1) {
            fail("--port (1..65535) and --dir are required");
        }
        run(port, dir, Duration.ofDays(validityDays), System.out);
    }

    static void run(int port, Path dir, Duration validity, PrintStream out) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path ready = dir.resolve("ready");
        Files.deleteIfExists(ready);

        TestPki tlsCa = TestPki.newCa("tlsca.manufacturer.test", validity);
        tlsCa.writeCaCertificate(dir.resolve("tls-ca.pem"));
        TestPki.Issued tls = tlsCa.issue(TLS_SERVER_NAME, TLS_SERVER_NAME, dir);
        TestPki.Issued client = TestPki.newCa("ca.manufacturer.test", validity)
                .issue("Gateway@manufacturer.test", null, dir);
        Files.move(client.certificateFile(), dir.resolve("client-cert.pem"), StandardCopyOption.REPLACE_EXISTING);
        Path clientKey = Files.move(client.privateKeyFile(), dir.resolve("client-key.pem"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(clientKey, PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(tls.privateKeyFile(), PosixFilePermissions.fromString("rw-------"));

        PeerServer server = new PeerServer(new ContractPeer(), tls.certificateFile(), tls.privateKeyFile(), port).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
                out.printf(Locale.ROOT, "ledger test double stopped after %d blocks; its ledger is gone%n",
                        server.peer().height());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                stopped.countDown();
            }
        }, "ledger-double-stop"));

        String endpoint = "127.0.0.1:" + server.port();
        Files.writeString(ready, endpoint + "\n");
        out.printf(Locale.ROOT, "ledger test double ready on %s (TLS, server name %s, channel %s, chaincode %s): "
                        + "a TEST DOUBLE of one ManufacturerMSP peer running the real provenance contract in memory,"
                        + " NOT Fabric (no endorsement policies, no orderer); its ledger is lost when it stops%n",
                endpoint, TLS_SERVER_NAME, ContractPeer.CHANNEL, ContractPeer.CHAINCODE);
        out.flush();
        stopped.await();
    }

    private static String required(String option, String value) {
        if (value == null) {
            fail(option + " needs a value");
        }
        return value;
    }

    private static void fail(String message) {
        System.err.println("ContractPeerMain: " + message);
        System.err.println(USAGE);
        System.exit(2);
    }
}
