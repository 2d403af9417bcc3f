package dev.robotledger.chaincode.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.robotledger.chaincode.ProvenanceContract;
import dev.robotledger.chaincode.ledger.Refusals;
import dev.robotledger.contract.ErrorCode;
import dev.robotledger.contract.testkit.InMemoryChaincodeStub;
import dev.robotledger.contract.testkit.InMemoryLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.hyperledger.fabric.shim.Chaincode;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.CompositeKey;

/**
 * Runs the contract as a peer would for one org: each call is a transaction with its own id,
 * timestamp (a test clock that moves one second per transaction) and creator identity, and its
 * writes are committed only if it succeeds. A refused submit must not have written anything:
 * the contract validates everything before its first write, and the harness checks it.
 */
public final class ContractHarness {

    /** A call to one contract function inside a transaction. */
    @FunctionalInterface
    public interface Call {
        String invoke(ProvenanceContract contract, Context ctx);
    }

    private final InMemoryLedger ledger = new InMemoryLedger(Fixtures.collectionMembers());
    private final ProvenanceContract contract = new ProvenanceContract();
    private Instant clock = Instant.parse("2026-03-02T08:00:00Z");
    private int transactions;
    private Optional<InMemoryLedger.Event> lastEvent = Optional.empty();

    public String submit(String mspId, Call call) {
        return submit(mspId, Map.of(), call);
    }

    /** A submit whose client also sends a transient map (private data that never reaches a block). */
    public String submit(String mspId, Map<String, byte[]> transientData, Call call) {
        InMemoryChaincodeStub tx = begin(mspId, transientData);
        String result;
        try {
            result = call.invoke(contract, contract.createContext(tx));
        } catch (ChaincodeException refusal) {
            assertThat(tx.pendingWriteCount())
                    .as("writes made before refusing: %s", refusal.getMessage())
                    .isZero();
            throw refusal;
        }
        commit(tx);
        List<InMemoryLedger.Event> events = ledger.events();
        lastEvent = tx.event().isPresent() ? Optional.of(events.get(events.size() - 1)) : Optional.empty();
        return result;
    }

    /** Runs contract internals (not a contract function) as one committed transaction of {@code mspId}. */
    public <T> T submitWith(String mspId, Function<ChaincodeStub, T> body) {
        InMemoryChaincodeStub tx = begin(mspId, Map.of());
        T result;
        try {
            result = body.apply(tx);
        } catch (ChaincodeException refusal) {
            assertThat(tx.pendingWriteCount())
                    .as("writes made before refusing: %s", refusal.getMessage())
                    .isZero();
            throw refusal;
        }
        commit(tx);
        return result;
    }

    /** One transaction at a time: nothing can have changed what it read, so it must commit VALID. */
    private void commit(InMemoryChaincodeStub tx) {
        assertThat(ledger.commit(tx)).as("validation of %s", tx.getTxId()).isEqualTo(TxValidationCode.VALID);
    }

    /**
     * A transaction whose stub carries raw string arguments (function name first), handed to
     * {@code dispatcher} (such as the contract API's router); committed when it responds 200.
     */
    public Chaincode.Response dispatch(
            String mspId, List<String> args, Function<ChaincodeStub, Chaincode.Response> dispatcher) {
        transactions++;
        Instant timestamp = clock;
        clock = clock.plusSeconds(1);
        InMemoryChaincodeStub tx =
                new InMemoryChaincodeStub(ledger, String.format("tx%06d", transactions), timestamp, mspId, args);
        var response = dispatcher.apply(tx);
        if (response.getStatus() == Chaincode.Response.Status.SUCCESS) {
            commit(tx);
        }
        return response;
    }

    /** An EVALUATE call: runs on a peer, never committed, and must not write. */
    public String evaluate(String mspId, Call call) {
        InMemoryChaincodeStub tx = begin(mspId, Map.of());
        String result = call.invoke(contract, contract.createContext(tx));
        assertThat(tx.pendingWriteCount()).as("writes made by a query").isZero();
        assertThat(tx.event()).as("event set by a query").isEmpty();
        return result;
    }

    /** The refusal of a submit that must fail. */
    public ChaincodeException refusal(String mspId, Call call) {
        return refusal(mspId, Map.of(), call);
    }

    public ChaincodeException refusal(String mspId, Map<String, byte[]> transientData, Call call) {
        ChaincodeException refusal =
                catchThrowableOfType(ChaincodeException.class, () -> submit(mspId, transientData, call));
        assertThat(refusal).as("expected a refusal").isNotNull();
        return refusal;
    }

    public ErrorCode refusalCode(String mspId, Call call) {
        return code(refusal(mspId, call));
    }

    public ErrorCode refusalCode(String mspId, Map<String, byte[]> transientData, Call call) {
        return code(refusal(mspId, transientData, call));
    }

    /** The refusal of an EVALUATE call that must fail. */
    public ChaincodeException evaluationRefusal(String mspId, Call call) {
        ChaincodeException refusal = catchThrowableOfType(ChaincodeException.class, () -> evaluate(mspId, call));
        assertThat(refusal).as("expected a refused query").isNotNull();
        return refusal;
    }

    public static ErrorCode code(ChaincodeException refusal) {
        return Refusals.codeOf(refusal).orElseThrow(() -> new AssertionError("no error code in " + refusal));
    }

    /** The event of the last committed submit, empty when that transaction set none. */
    public Optional<InMemoryLedger.Event> lastEvent() {
        return lastEvent;
    }

    public InMemoryLedger ledger() {
        return ledger;
    }

    /** The timestamp the next transaction will carry. */
    public long nextTxEpochMillis() {
        return clock.toEpochMilli();
    }

    public void advance(Duration duration) {
        clock = clock.plus(duration);
    }

    public byte[] validationParameter(String objectType, String... attributes) {
        return ledger.validationParameter(new CompositeKey(objectType, attributes).toString());
    }

    private InMemoryChaincodeStub begin(String mspId, Map<String, byte[]> transientData) {
        transactions++;
        Instant timestamp = clock;
        clock = clock.plusSeconds(1);
        return new InMemoryChaincodeStub(
                ledger, String.format("tx%06d", transactions), timestamp, mspId, List.of(), transientData);
    }
}
