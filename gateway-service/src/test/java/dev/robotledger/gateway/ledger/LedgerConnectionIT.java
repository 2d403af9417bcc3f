package dev.robotledger.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.gateway.testing.Await;
import dev.robotledger.ledger.embedded.ContractPeer;
import dev.robotledger.ledger.embedded.PeerServer;
import java.nio.file.Path;
import java.time.Duration;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.GatewayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's TLS connection to a peer ({@code ContractPeer}, the test double, served over TLS)
 * after a long outage: gRPC alone would wait out a reconnect back-off that grows towards two
 * minutes, so a peer back after 20 s could stay unreachable for several more seconds.
 */
class LedgerConnectionIT {

    private static final Duration OUTAGE = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void reachesAPeerBackFromALongOutageWithinTheReconnectIntervalNotGrpcsGrowingBackOff() throws Exception {
        PeerCredentials credentials = PeerCredentials.issue(dir);
        try (PeerServer server = credentials.serve(new ContractPeer());
             LedgerConnection connection = LedgerConnection.open(credentials.ledgerProperties(server))) {
            Contract qscc = connection.gateway().getNetwork(ContractPeer.CHANNEL).getContract("qscc");
            assertThat(answers(qscc)).isTrue();

            server.stop();
            long stoppedAt = System.nanoTime();
            Await.until("the peer away for " + OUTAGE, OUTAGE.plusSeconds(30),
                    () -> !answers(qscc) && System.nanoTime() - stoppedAt >= OUTAGE.toNanos());
            server.start();

            Await.until("the peer answering within about one reconnect interval of its return",
                    LedgerConnection.RECONNECT_INTERVAL.plusSeconds(2), () -> answers(qscc));
        }
    }

    private static boolean answers(Contract qscc) {
        try {
            qscc.evaluateTransaction("GetChainInfo", ContractPeer.CHANNEL);
            return true;
        } catch (GatewayException unavailable) {
            return false;
        }
    }
}
