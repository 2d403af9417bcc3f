package dev.robotledger.contract.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.junit.jupiter.api.Test;

/** The fixture keeps the peer semantics the contract's tests rely on. */
class InMemoryChaincodeStubTest {

    private final InMemoryLedger ledger =
            new InMemoryLedger(Map.of("loanTerms_ManufacturerMSP_LenderMSP", Set.of("ManufacturerMSP", "LenderMSP")));
    private int transactions;

    private InMemoryChaincodeStub tx() {
        transactions++;
        return new InMemoryChaincodeStub(
                ledger, "tx" + transactions, Instant.ofEpochSecond(transactions), "ManufacturerMSP", List.of());
    }

    private InMemoryChaincodeStub tx(String mspId) {
        transactions++;
        return new InMemoryChaincodeStub(
                ledger,
                "tx" + transactions,
                Instant.ofEpochSecond(transactions),
                mspId,
                List.of(),
                Map.of("loanTerms", bytes("{}")));
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> keys(Iterable<KeyValue> range) {
        List<String> keys = new ArrayList<>();
        range.forEach(entry -> keys.add(entry.getKey()));
        return keys;
    }

    @Test
    void keepsPrivateDataForCollectionMembersOnlyAndCommitsItWithTheTransaction() {
        String collection = "loanTerms_ManufacturerMSP_LenderMSP";
        InMemoryChaincodeStub writer = tx("ManufacturerMSP");
        writer.putPrivateData(collection, "k", bytes("secret"));

        assertThat(writer.getPrivateData(collection, "k")).isEmpty();
        assertThat(writer.pendingWriteCount()).isEqualTo(1);
        ledger.commit(writer);
        assertThat(tx("LenderMSP").getPrivateData(collection, "k")).isEqualTo(bytes("secret"));
        assertThatThrownBy(() -> tx("RetailerMSP").getPrivateData(collection, "k"))
                .hasMessageContaining("RetailerMSP")
                .hasMessageContaining(collection);
        assertThatThrownBy(() -> tx("RetailerMSP").putPrivateData(collection, "k", bytes("forged")))
                .hasMessageContaining("write access");
        assertThatThrownBy(() -> tx("ManufacturerMSP").putPrivateData("noSuchCollection", "k", bytes("x")))
                .hasMessageContaining("noSuchCollection");
        assertThat(ledger.snapshot()).containsKey("private:" + collection + ":k");
    }

    @Test
    void handsTheContractACopyOfTheClientsTransientMap() {
        InMemoryChaincodeStub stub = tx("ManufacturerMSP");

        stub.getTransient().get("loanTerms")[0] = 'x';

        assertThat(stub.getTransient().get("loanTerms")).isEqualTo(bytes("{}"));
    }

    @Test
    void readsSeeCommittedStateOnlyNotTheTransactionsOwnWrites() {
        InMemoryChaincodeStub first = tx();
        first.putState("k", bytes("v1"));

        assertThat(first.getState("k")).isEmpty();
        ledger.commit(first);
        assertThat(tx().getState("k")).isEqualTo(bytes("v1"));
    }

    @Test
    void scansRangesAndPartialCompositeKeysInKeyOrder() {
        InMemoryChaincodeStub writer = tx();
        for (String key : List.of("b", "a", "c")) {
            writer.putState(key, bytes(key));
            writer.putState(writer.createCompositeKey("idx", "r1", key).toString(), new byte[] {0});
        }
        writer.putState(writer.createCompositeKey("idx", "r10", "z").toString(), new byte[] {0});
        ledger.commit(writer);
        InMemoryChaincodeStub reader = tx();

        assertThat(keys(reader.getStateByRange("a", "c"))).containsExactly("a", "b");
        assertThat(keys(reader.getStateByPartialCompositeKey("idx", "r1")))
                .extracting(key -> reader.splitCompositeKey(key).getAttributes().get(1))
                .containsExactly("a", "b", "c");
        assertThatThrownBy(() -> reader.getStateByRange(
                        reader.createCompositeKey("idx", "r1").toString(), ""))
                .as("the shim refuses composite keys in plain range queries");
    }

    @Test
    void keepsOnlyTheLastEventOfATransaction() {
        InMemoryChaincodeStub tx = tx();
        tx.setEvent("First", bytes("1"));
        tx.setEvent("Second", bytes("2"));
        ledger.commit(tx);

        assertThat(ledger.events()).extracting(InMemoryLedger.Event::name).containsExactly("Second");
    }

    @Test
    void returnsHistoryNewestFirstWithDeletes() {
        for (String value : List.of("v1", "v2")) {
            InMemoryChaincodeStub tx = tx();
            tx.putState("k", bytes(value));
            ledger.commit(tx);
        }
        InMemoryChaincodeStub deleting = tx();
        deleting.delState("k");
        ledger.commit(deleting);

        List<KeyModification> history = new ArrayList<>();
        tx().getHistoryForKey("k").forEach(history::add);

        assertThat(history).extracting(KeyModification::isDeleted).containsExactly(true, false, false);
        assertThat(history).extracting(KeyModification::getStringValue).containsExactly("", "v2", "v1");
        assertThat(history).extracting(KeyModification::getTxId).containsExactly("tx3", "tx2", "tx1");
    }

    @Test
    void storesValidationParametersOnCommit() {
        InMemoryChaincodeStub tx = tx();
        tx.setStateValidationParameter("k", bytes("policy"));

        assertThat(tx.getStateValidationParameter("k")).isNull();
        ledger.commit(tx);
        assertThat(tx().getStateValidationParameter("k")).isEqualTo(bytes("policy"));
    }

    @Test
    void refusesEmptyValuesWhichFabricWouldTreatAsDeletes() {
        assertThatThrownBy(() -> tx().putState("k", new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void invalidatesAReadThenWriteWhoseKeyWasWrittenSinceItsSimulationAsAnMvccConflict() {
        InMemoryChaincodeStub seed = tx();
        seed.putState("counter", bytes("1"));
        ledger.commit(seed);
        InMemoryChaincodeStub first = tx();
        InMemoryChaincodeStub second = tx();
        for (InMemoryChaincodeStub concurrent : List.of(first, second)) {
            concurrent.putState(
                    "counter", bytes(new String(concurrent.getState("counter"), StandardCharsets.UTF_8) + "+1"));
        }

        assertThat(ledger.commit(first)).isEqualTo(TxValidationCode.VALID);
        assertThat(ledger.commit(second)).isEqualTo(TxValidationCode.MVCC_READ_CONFLICT);
        assertThat(tx().getState("counter")).isEqualTo(bytes("1+1"));
        assertThat(ledger.version("counter")).isEqualTo(new InMemoryLedger.KeyVersion(2, 0));
    }

    @Test
    void invalidatesAReadOfAnAbsentKeyThatWasCreatedSince() {
        InMemoryChaincodeStub first = tx();
        InMemoryChaincodeStub second = tx();
        for (InMemoryChaincodeStub concurrent : List.of(first, second)) {
            assertThat(concurrent.getState("event/e1")).isEmpty();
            concurrent.putState("event/e1", bytes(concurrent.getTxId()));
        }

        assertThat(ledger.commit(first)).isEqualTo(TxValidationCode.VALID);
        assertThat(ledger.commit(second)).isEqualTo(TxValidationCode.MVCC_READ_CONFLICT);
        assertThat(tx().getState("event/e1")).isEqualTo(bytes(first.getTxId()));
    }

    @Test
    void invalidatesARangeScanThatWouldNowReturnAnotherKeyAsAPhantomRead() {
        InMemoryChaincodeStub scanner = tx();
        assertThat(keys(scanner.getStateByPartialCompositeKey("idx", "r1"))).isEmpty();
        scanner.putState("summary", bytes("none"));
        InMemoryChaincodeStub inserter = tx();
        inserter.putState(inserter.createCompositeKey("idx", "r1", "a").toString(), new byte[] {0});

        assertThat(ledger.commit(inserter)).isEqualTo(TxValidationCode.VALID);
        assertThat(ledger.commit(scanner)).isEqualTo(TxValidationCode.PHANTOM_READ_CONFLICT);
        assertThat(tx().getState("summary")).isEmpty();
    }

    @Test
    void commitsATransactionIdOnlyOnce() {
        InMemoryChaincodeStub once = tx();
        once.putState("k", bytes("v"));

        assertThat(ledger.commit(once)).isEqualTo(TxValidationCode.VALID);
        assertThat(ledger.commit(once)).isEqualTo(TxValidationCode.DUPLICATE_TXID);
    }

    @Test
    void runsAProposalAsItsCreatorsOrganisation() {
        byte[] creator = TestIdentities.creator("RetailerMSP");

        InMemoryChaincodeStub stub = InMemoryChaincodeStub.forProposal(
                ledger,
                "other-channel",
                "tx-p",
                Instant.EPOCH,
                creator,
                List.of("GetThing", "r1"),
                Map.of("k", bytes("v")));

        assertThat(stub.getMspId()).isEqualTo("RetailerMSP");
        assertThat(stub.getCreator()).isEqualTo(creator);
        assertThat(stub.getChannelId()).isEqualTo("other-channel");
        assertThat(stub.getFunction()).isEqualTo("GetThing");
        assertThat(stub.getParameters()).containsExactly("r1");
        assertThat(stub.getTransient()).containsOnlyKeys("k");
        assertThatThrownBy(() -> InMemoryChaincodeStub.forProposal(
                        ledger, "c", "tx-q", Instant.EPOCH, bytes("junk!"), List.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
