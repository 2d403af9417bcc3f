package dev.robotledger.ledger.embedded;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the embedded ledger: a {@link ContractPeer} over TLS on a loopback port until the process
 * is stopped, its blocks kept in the directory given, for {@code network/system.sh} where no
 * Fabric network runs.
 *
 * <p><strong>Not Fabric</strong>: the real provenance contract in one process, with Fabric's
 * commit rules, no endorsement policies, no orderer (see {@link ContractPeer}). It says so when it starts.
 *
 * <pre>
 * java -jar ledger-embedded/target/ledger-embedded-VERSION.jar --port 27051 --dir .state/ledger-double
 *
 *   DIR/ledger/blocks              the blocks, with what each transaction changed (restart: same ledger)
 *   DIR/tls-ca.pem                 gateway.ledger.tls-ca-cert-file   (the ledger's TLS CA)
 *                                  gateway.ledger.tls-server-name    = peer0.manufacturer.test
 *   DIR/orgs/&lt;org&gt;/cert.pem        gateway.ledger.certificate-file   (org: manufacturer, retailer, lender, oracle)
 *   DIR/orgs/&lt;org&gt;/key.pem         gateway.ledger.private-key-file   (PKCS#8 PEM)
 *   DIR/orgs/&lt;org&gt;/ca.pem          the org's CA, to verify what its identity signed
 *   DIR/client-cert.pem, client-key.pem   copies of the manufacturer's identity
 *   DIR/ready                      written last, holding host:port, once the server listens
 * </pre>
 *
 * The crypto material is made on the first start and reused after ({@link LedgerIdentities}).
 */
public final class EmbeddedLedgerMain {

    /** The name in the ledger's TLS certificate: the gateway's {@code gateway.ledger.tls-server-name}. */
    public static final String TLS_SERVER_NAME = "peer0.manufacturer.test";

    private static final String USAGE = "usage: java -jar ledger-embedded.jar --port <loopback port> --dir <directory"
            + " for the blocks and the crypto material> [--validity-days <days the certificates made on the first"
            + " start are valid, default 365>]";

    private EmbeddedLedgerMain() {}

    public static void main(String[] args) throws Exception {
        Integer port = null;
        Path dir = null;
        int validityDays = 365;
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

        LedgerIdentities identities = LedgerIdentities.createOrReuse(dir, validity);
        ContractPeer peer = ContractPeer.openAt(dir.resolve("ledger"));
        PeerServer server = new PeerServer(peer, identities.tlsCertificate(), identities.tlsKey(), port).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                // A stopped ledger is not ready: a script waiting for the next start must not read the
                                // old address.
                                Files.deleteIfExists(ready);
                                server.close();
                                peer.close();
                                out.printf(
                                        Locale.ROOT,
                                        "embedded ledger stopped at height %d; its blocks are kept in %s%n",
                                        peer.height(),
                                        dir.resolve("ledger"));
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            } catch (IOException e) {
                                e.printStackTrace(out);
                            } finally {
                                stopped.countDown();
                            }
                        },
                        "embedded-ledger-stop"));

        String endpoint = "127.0.0.1:" + server.port();
        Files.writeString(ready, endpoint + "\n");
        out.printf(
                Locale.ROOT,
                "embedded ledger ready on %s (TLS, server name %s, channel %s, chaincode %s, height %d):"
                        + " NOT Fabric: the real provenance chaincode contract in one process, no endorsement policies,"
                        + " no orderer; its blocks are kept in %s%n",
                endpoint,
                TLS_SERVER_NAME,
                ContractPeer.CHANNEL,
                ContractPeer.CHAINCODE,
                peer.height(),
                dir.resolve("ledger"));
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
        System.err.println("ledger-embedded: " + message);
        System.err.println(USAGE);
        System.exit(2);
    }
}
