package dev.robotledger.gateway.production.fabric;

import static dev.robotledger.contract.ContractTransaction.ASSEMBLE_PRODUCT;
import static dev.robotledger.contract.ContractTransaction.RECORD_PRODUCTION;
import static dev.robotledger.gateway.testing.ProductionPayloads.check;
import static dev.robotledger.gateway.testing.ProductionPayloads.component;
import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.gateway.testing.EmbeddedLedger;
import dev.robotledger.gateway.testing.LedgerUnderTest;
import dev.robotledger.ledger.embedded.ContractPeer;
import dev.robotledger.ledger.embedded.ContractPeer.Committed;
import dev.robotledger.ledger.embedded.ContractPeer.ReceivedProposal;
import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.MessageType;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link ProductionLedgerTests} on the embedded ledger, a new one per test, and what only the
 * double can show: the proposals it received (a Fabric peer keeps none) and a commit answer it
 * loses on purpose (a Fabric peer cannot be told to).
 */
class ProductionLedgerIT extends ProductionLedgerTests<EmbeddedLedger> {

    @Override
    protected EmbeddedLedger openLedger(Path dir) throws Exception {
        return LedgerUnderTest.embedded(dir, 7);
    }

    private List<ReceivedProposal> productionProposals() {
        return ledger.peer().proposals().stream()
                .filter(p -> PRODUCTION_FUNCTIONS.contains(p.function()))
                .toList();
    }

    @Override
    protected void onlyTheBoltWasProposed() {
        assertThat(productionProposals())
                .as("only the bolt sent before the anchor")
                .hasSize(1);
    }

    @Override
    protected void whatThePeerReceivedForGatewayRefusals() {
        assertThat(ledger.peer().proposals(RECORD_PRODUCTION.functionName()))
                .as("refused events are never sent")
                .hasSize(1);
        assertThat(ledger.peer().proposals(ASSEMBLE_PRODUCT.functionName())).isEmpty();
    }

    @Override
    protected void whatThePeerReceivedForCommittedEvents(List<JournaledEvent> events) {
        assertThat(productionProposals())
                .as("each endorsed once, by the gateway's signed identity")
                .hasSize(events.size())
                .allSatisfy(proposal -> {
                    assertThat(proposal.signatureValid()).isTrue();
                    assertThat(proposal.creatorMspId()).isEqualTo("ManufacturerMSP");
                });
    }

    @Override
    protected void whatThePeerReceivedForRefusals() {
        assertThat(ledger.peer().proposals(ASSEMBLE_PRODUCT.functionName()))
                .as("a refusal is not retried")
                .hasSize(3);
    }

    @Override
    protected void whileTheChaincodeWasDown() {
        assertThat(productionProposals())
                .as("the peer received them, and always the oldest first")
                .extracting(ReceivedProposal::function)
                .containsOnly(RECORD_PRODUCTION.functionName());
    }

    @Test
    void aCommitAnswerLostOnceIsResolvedToTheOriginalTransactionWithoutASecondLedgerEntry() throws Exception {
        ledger.peer().loseNextCommitStatusAnswers(1);
        Envelope plateMade = press.event(MessageType.COMPONENT_PRODUCED, component(plate, "plate"));
        Envelope plateChecked = press.event(MessageType.QUALITY_CHECK, check(plate));
        publish(press, plateMade, plateChecked);

        List<JournaledEvent> events = awaitDecided(2);

        List<ReceivedProposal> productions = ledger.peer().proposals(RECORD_PRODUCTION.functionName());
        Committed original =
                ledger.peer().commits(RECORD_PRODUCTION.functionName()).get(0);
        assertThat(ledger.peer().commits(RECORD_PRODUCTION.functionName()))
                .as("the replay was endorsed, never submitted")
                .hasSize(1);
        assertThat(productions)
                .extracting(ReceivedProposal::transactionId)
                .hasSize(2)
                .startsWith(original.transactionId())
                .doesNotHaveDuplicates();
        assertThat(events.get(0))
                .extracting(JournaledEvent::state, JournaledEvent::transactionId, JournaledEvent::blockNumber)
                .containsExactly("COMMITTED", original.transactionId(), original.blockNumber());
        assertThat(ledger.peer().proposals("GetBlockByTxID"))
                .as("the original's block, read from the peer")
                .extracting(ReceivedProposal::args)
                .containsExactly(List.of(ContractPeer.CHANNEL, original.transactionId()));
        assertThat(ledger.peer().recordedEvents()).containsEntry(eventId(plateMade), original.transactionId());
        assertThat(good(plate).at("/production/recordedInTxId").asString()).isEqualTo(original.transactionId());
        assertThat(events.get(1).state()).as("the next event after the replay").isEqualTo("COMMITTED");
        assertThat(good(plate).get("qualityChecks")).hasSize(1);
        assertThat(failures()).as("only the lost answer").isEqualTo(1);
    }
}
