package dev.robotledger.gateway.robots.fabric;

import static dev.robotledger.contract.ContractTransaction.REGISTER_ROBOT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.gateway.testing.EmbeddedLedger;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.LedgerUnderTest;
import dev.robotledger.gateway.testing.TestRobot;
import dev.robotledger.ledger.embedded.ContractPeer;
import dev.robotledger.ledger.embedded.ContractPeer.ReceivedProposal;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import tools.jackson.databind.JsonNode;

/**
 * {@link RobotLedgerTests} on the embedded ledger, a new one per test, and what only the double
 * can show: the proposals it received and a commit answer it loses on purpose (a Fabric peer
 * records no proposals and cannot be told to lose an answer).
 */
class RobotLedgerIT extends RobotLedgerTests<EmbeddedLedger> {

    @Override
    protected EmbeddedLedger openLedger(Path dir) throws Exception {
        return LedgerUnderTest.embedded(dir, 5);
    }

    @Override
    void nothingWasSentToThePeer() {
        assertThat(ledger.peer().proposals()).isEmpty();
    }

    @Test
    void registrationIsRecordedOnTheLedgerFirstAndARetryAfterALostAnswerIsAReplay() throws Exception {
        TestRobot robot = newRobot("press");
        ContractPeer peer = ledger.peer();
        try (InProcessGateway gateway = gateway()) {
            peer.loseNextCommitStatusAnswers(1);

            EntityExchangeResult<String> lost = post(gateway, "/api/robots", registration(robot));
            assertThat(lost.getStatus().value()).isEqualTo(503);
            JsonNode problem = JSON.readTree(lost.getResponseBody());
            assertThat(problem.get("title").asString()).isEqualTo("Ledger unavailable");
            assertThat(problem.get("detail").asString())
                    .contains(
                            "register-" + robot.robotId(),
                            "the commit status of transaction "
                                    + problem.get("transactionId").asString() + " could not be read");
            assertThat(robotStatus(gateway, robot))
                    .as("nothing in the gateway's table")
                    .isEqualTo(404);

            EntityExchangeResult<String> retried = post(gateway, "/api/robots", registration(robot));
            assertThat(retried.getStatus().value())
                    .as(retried.getResponseBody())
                    .isEqualTo(201);
            assertThat(robotStatus(gateway, robot)).isEqualTo(200);

            assertThat(peer.proposals(REGISTER_ROBOT.functionName())).hasSize(2);
            ReceivedProposal first =
                    peer.proposals(REGISTER_ROBOT.functionName()).get(0);
            assertThat(peer.proposals(REGISTER_ROBOT.functionName()).get(1).args())
                    .isEqualTo(first.args());
            assertThat(first.creatorMspId()).isEqualTo("ManufacturerMSP");
            assertThat(first.signatureValid()).isTrue();
            assertThat(first.args().get(0)).startsWith("register-" + robot.robotId() + "-");
            assertThat(peer.recordedEvents())
                    .as("recorded once, by the first transaction")
                    .containsExactly(Map.entry(first.args().get(0), first.transactionId()));
            assertThat(peer.robots()).containsOnlyKeys(robot.robotId());
        }
    }
}
