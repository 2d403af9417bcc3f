package dev.robotledger.gateway.ledger.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.LedgerTests;
import dev.robotledger.gateway.testing.LedgerUnderTest;
import java.time.Duration;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.GatewayException;
import org.junit.jupiter.api.Test;

/**
 * The gateway's TLS connection to a peer after a long outage: gRPC alone would wait out a
 * reconnect back-off that grows towards two minutes, so a peer back after 20 s could stay
 * unreachable for several more seconds. On the embedded ledger ({@link LedgerConnectionIT}) and
 * the manufacturer's peer of the tests' Fabric network ({@link LedgerConnectionFabricIT}).
 */
abstract class LedgerConnectionTests extends LedgerTests<LedgerUnderTest> {

    private static final Duration OUTAGE = Duration.ofSeconds(20);

    @Test
    void reachesAPeerBackFromALongOutageWithinTheReconnectIntervalNotGrpcsGrowingBackOff() throws Exception {
        try (LedgerConnection connection = LedgerConnection.open(ledger.ledgerProperties("manufacturer"))) {
            Contract qscc =
                    connection.gateway().getNetwork(connection.channel()).getContract("qscc");
            assertThat(answers(qscc, connection.channel())).isTrue();

            ledger.stopPeer();
            long stoppedAt = System.nanoTime();
            Await.until(
                    "the peer away for " + OUTAGE,
                    OUTAGE.plusSeconds(30),
                    () -> !answers(qscc, connection.channel()) && System.nanoTime() - stoppedAt >= OUTAGE.toNanos());
            ledger.startPeer();

            Await.until(
                    "the peer answering within about one reconnect interval of its return",
                    LedgerConnection.RECONNECT_INTERVAL.plusSeconds(2),
                    () -> answers(qscc, connection.channel()));
        }
    }

    private static boolean answers(Contract qscc, String channel) {
        try {
            qscc.evaluateTransaction("GetChainInfo", channel);
            return true;
        } catch (GatewayException unavailable) {
            return false;
        }
    }
}
