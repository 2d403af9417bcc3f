package dev.robotledger.gateway.ledger;

import java.util.Optional;
import java.util.function.Supplier;
import org.hyperledger.fabric.client.CommitStatusException;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.Proposal;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmitException;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where the gateway submits a transaction and waits for its commit: endorse, hand
 * to the orderer ({@code submitAsync}), wait for the commit status, and make a new proposal (new
 * transaction id) after an MVCC or phantom read conflict, up to a bound. Blocks the calling
 * thread: never call it on an event-loop or MQTT callback thread.
 *
 * <pre>{@code
 * Committed committed = LedgerTransactions.submit("anchor of batch 41",
 *         () -> contract.newProposal("RecordAnchor").addArguments(eventId, json).build(),
 *         maxConflictRetries, (txId, result) -> Optional.empty());
 * }</pre>
 */
public final class LedgerTransactions {

    private static final Logger log = LoggerFactory.getLogger(LedgerTransactions.class);

    private LedgerTransactions() {
    }

    /** A committed transaction (or, for a replay, the earlier one that did the write) and the chaincode's answer. */
    public record Committed(String transactionId, long blockNumber, byte[] result) {
    }

    /**
     * Looks at the endorsed answer before anything is submitted. Returning a value ends the
     * submission with it and submits nothing (e.g. the answer names an earlier transaction that
     * already committed the same write).
     */
    @FunctionalInterface
    public interface EndorsedAnswer {
        Optional<Committed> alreadyCommitted(String transactionId, byte[] result);
    }

    /**
     * @param what                 names the write in log lines and exceptions, e.g. "anchor of batch 41"
     * @param proposals            builds a new proposal for each attempt
     * @throws LedgerCallFailedException   when endorsement, submission or the commit-status call failed
     * @throws LedgerCommitFailedException when the transaction committed invalid (conflicts past the bound included)
     */
    public static Committed submit(String what, Supplier<Proposal> proposals, int maxConflictRetries,
                                   EndorsedAnswer check) {
        for (int attempt = 1; ; attempt++) {
            // A conflict invalidates the transaction's read set: only a new proposal, simulated
            // against the newer state, can pass, so every attempt builds one (new transaction id).
            Proposal proposal = proposals.get();
            String txId = proposal.getTransactionId();
            Transaction transaction = endorse(proposal);
            byte[] result = transaction.getResult();
            Optional<Committed> earlier = check.alreadyCommitted(txId, result);
            if (earlier.isPresent()) {
                return earlier.get();
            }
            Status status = commit(transaction);
            if (status.isSuccessful()) {
                return new Committed(txId, status.getBlockNumber(), result);
            }
            if (!retryable(status.getCode()) || attempt > maxConflictRetries) {
                throw new LedgerCommitFailedException(what, txId, status.getCode(), attempt);
            }
            log.warn("{}: transaction {} is {}; new proposal ({} of {} retries)", what, txId, status.getCode(),
                    attempt, maxConflictRetries);
        }
    }

    public static boolean retryable(TxValidationCode code) {
        return code == TxValidationCode.MVCC_READ_CONFLICT || code == TxValidationCode.PHANTOM_READ_CONFLICT;
    }

    private static Transaction endorse(Proposal proposal) {
        try {
            return proposal.endorse();
        } catch (EndorseException e) {
            throw new LedgerCallFailedException(LedgerCallFailedException.Phase.ENDORSE, e.getTransactionId(), e);
        }
    }

    private static Status commit(Transaction transaction) {
        SubmittedTransaction submitted;
        try {
            submitted = transaction.submitAsync();
        } catch (SubmitException e) {
            throw new LedgerCallFailedException(LedgerCallFailedException.Phase.SUBMIT, e.getTransactionId(), e);
        }
        try {
            return submitted.getStatus();
        } catch (CommitStatusException e) {
            throw new LedgerCallFailedException(LedgerCallFailedException.Phase.COMMIT_STATUS, e.getTransactionId(), e);
        }
    }
}
