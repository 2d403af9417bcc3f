package dev.robotledger.gateway.ledger.fabric;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.robotledger.contract.ContractTransaction;
import dev.robotledger.contract.Refusal;
import dev.robotledger.contract.TransientData;
import dev.robotledger.gateway.json.Json;
import dev.robotledger.gateway.ledger.ChaincodeRefusedException;
import dev.robotledger.gateway.ledger.ChaincodeUnavailableException;
import dev.robotledger.gateway.ledger.CommitFailedException;
import dev.robotledger.gateway.ledger.LedgerException;
import dev.robotledger.gateway.ledger.LedgerUnreachableException;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hyperledger.fabric.client.CommitStatusException;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.client.Proposal;
import org.hyperledger.fabric.client.SubmitException;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

/**
 * The provenance contract as business methods, the gateway's one client of it: every write is
 * endorsed, handed to the orderer and waited for until it commits, with a new proposal (new
 * transaction id) after an MVCC or phantom read conflict, up to a bound; every read is evaluated
 * on the peer. Every failure is a {@link LedgerException} saying what happened, with the
 * transaction id. Blocks the calling thread: never call it on an event-loop or MQTT callback thread.
 *
 * <pre>{@code
 * ProvenanceContractClient ledger = ProvenanceContractClient.of(connection);
 * Committed committed = ledger.recordAnchor("anchor-41-" + root, report, ProvenanceContractClient.SUBMIT_ALWAYS);
 * }</pre>
 *
 * <p>Requests are the contract's request records, written as JSON (the chaincode refuses unknown
 * fields); answers are the chaincode's Json.MAPPER.
 */
public final class ProvenanceContractClient {

    private static final Logger log = LoggerFactory.getLogger(ProvenanceContractClient.class);
    private static final String QSCC = "qscc";
    private static final String GET_BLOCK_BY_TX_ID = "GetBlockByTxID";
    private static final String GET_CHAIN_INFO = "GetChainInfo";
    private static final Duration DEFAULT_COMMIT_RECHECK_AFTER = Duration.ofSeconds(10);

    /** A committed transaction (or, for a replay, the earlier one that did the write) and the chaincode's answer. */
    public record Committed(String transactionId, long blockNumber, byte[] result) {}

    /**
     * Looks at the endorsed answer before anything is submitted. Returning a value ends the write
     * with it and submits nothing (the answer names an earlier transaction that already committed
     * the same write).
     */
    @FunctionalInterface
    public interface ReplayCheck {
        Optional<Committed> alreadyCommitted(String transactionId, byte[] result);
    }

    /** Submits every endorsed answer, a replay's too (a read-only transaction that commits and writes nothing). */
    public static final ReplayCheck SUBMIT_ALWAYS = (transactionId, result) -> Optional.empty();

    private final Contract contract;
    private final Contract qscc;
    private final String channel;
    private final int maxConflictRetries;
    private final Duration commitRecheckAfter;

    public ProvenanceContractClient(Gateway gateway, String channel, String chaincode, int maxConflictRetries) {
        this(gateway, channel, chaincode, maxConflictRetries, DEFAULT_COMMIT_RECHECK_AFTER);
    }

    /**
     * @param commitRecheckAfter how long a journaled write (anchor, production event) waits for its
     *                           commit status before it fails as unreachable, to be re-checked by a
     *                           replay under the same event id
     */
    public ProvenanceContractClient(
            Gateway gateway, String channel, String chaincode, int maxConflictRetries, Duration commitRecheckAfter) {
        Network network = gateway.getNetwork(channel);
        this.contract = network.getContract(chaincode);
        this.qscc = network.getContract(QSCC);
        this.channel = channel;
        this.maxConflictRetries = maxConflictRetries;
        this.commitRecheckAfter = commitRecheckAfter;
    }

    public static ProvenanceContractClient of(LedgerConnection ledger) {
        return new ProvenanceContractClient(
                ledger.gateway(),
                ledger.channel(),
                ledger.chaincode(),
                ledger.maxConflictRetries(),
                ledger.commitRecheckAfter());
    }

    // Robots

    public Committed registerRobot(String eventId, Object registration) {
        return submit(write(ContractTransaction.REGISTER_ROBOT, eventId, registration), SUBMIT_ALWAYS);
    }

    public Committed revokeRobot(String eventId, Object revocation) {
        return submit(write(ContractTransaction.REVOKE_ROBOT, eventId, revocation), SUBMIT_ALWAYS);
    }

    public byte[] robot(String robotId) {
        return evaluate(ContractTransaction.GET_ROBOT, robotId);
    }

    // Telemetry

    public Committed recordAnchor(String eventId, Object anchorReport, ReplayCheck replay) {
        return submit(
                write(ContractTransaction.RECORD_ANCHOR, eventId, anchorReport).journaled(commitRecheckAfter), replay);
    }

    // Production

    public Committed recordProduction(String eventId, Object productionReport, ReplayCheck replay) {
        return submit(
                write(ContractTransaction.RECORD_PRODUCTION, eventId, productionReport)
                        .journaled(commitRecheckAfter),
                replay);
    }

    public Committed assembleProduct(String eventId, Object assemblyReport, ReplayCheck replay) {
        return submit(
                write(ContractTransaction.ASSEMBLE_PRODUCT, eventId, assemblyReport)
                        .journaled(commitRecheckAfter),
                replay);
    }

    public Committed recordQualityCheck(String eventId, Object qualityCheckReport, ReplayCheck replay) {
        return submit(
                write(ContractTransaction.RECORD_QUALITY_CHECK, eventId, qualityCheckReport)
                        .journaled(commitRecheckAfter),
                replay);
    }

    /** An operator's decision on a quarantined good: released or scrapped, with who and why. */
    public Committed disposeQuarantined(String eventId, Object dispositionRequest) {
        return submit(write(ContractTransaction.DISPOSE_QUARANTINED, eventId, dispositionRequest), SUBMIT_ALWAYS);
    }

    // Bitcoin anchors of the channel

    public Committed recordBitcoinAnchor(String eventId, Object bitcoinAnchorRequest) {
        return submit(write(ContractTransaction.RECORD_BITCOIN_ANCHOR, eventId, bitcoinAnchorRequest), SUBMIT_ALWAYS);
    }

    // Collateral. Loan terms travel only in the transient map, so they never reach a block. Writes
    // on an active lien name its two parties as endorsers: discovery follows only the chaincode-level
    // and collection policies, not the key-level policy on the lien's keys.

    public Committed offerLoan(String eventId, Object loanOfferRequest, byte[] loanTermsJson) {
        return submit(
                write(ContractTransaction.OFFER_LOAN, eventId, loanOfferRequest).withTerms(loanTermsJson),
                SUBMIT_ALWAYS);
    }

    public Committed withdrawLoanOffer(String eventId, Object offerWithdrawal) {
        return submit(write(ContractTransaction.WITHDRAW_LOAN_OFFER, eventId, offerWithdrawal), SUBMIT_ALWAYS);
    }

    public Committed pledgeGood(
            String eventId, Object pledgeRequest, byte[] loanTermsJson, List<String> endorsingOrgs) {
        return submit(
                write(ContractTransaction.PLEDGE_GOOD, eventId, pledgeRequest)
                        .withTerms(loanTermsJson)
                        .endorsedBy(endorsingOrgs),
                SUBMIT_ALWAYS);
    }

    public Committed checkMargin(String eventId, Object loanReference, List<String> endorsingOrgs) {
        return submit(
                write(ContractTransaction.CHECK_MARGIN, eventId, loanReference).endorsedBy(endorsingOrgs),
                SUBMIT_ALWAYS);
    }

    public Committed recordDisbursement(String eventId, Object disbursementReport, List<String> endorsingOrgs) {
        return submit(
                write(ContractTransaction.RECORD_DISBURSEMENT, eventId, disbursementReport)
                        .endorsedBy(endorsingOrgs),
                SUBMIT_ALWAYS);
    }

    public Committed releaseWithPreimage(String eventId, Object preimageRelease, List<String> endorsingOrgs) {
        return submit(
                write(ContractTransaction.RELEASE_WITH_PREIMAGE, eventId, preimageRelease)
                        .endorsedBy(endorsingOrgs),
                SUBMIT_ALWAYS);
    }

    public Committed releaseByLender(String eventId, Object lenderRelease, List<String> endorsingOrgs) {
        return submit(
                write(ContractTransaction.RELEASE_BY_LENDER, eventId, lenderRelease)
                        .endorsedBy(endorsingOrgs),
                SUBMIT_ALWAYS);
    }

    public Committed liquidate(String eventId, Object loanReference, List<String> endorsingOrgs) {
        return submit(
                write(ContractTransaction.LIQUIDATE, eventId, loanReference).endorsedBy(endorsingOrgs), SUBMIT_ALWAYS);
    }

    public Committed recordBtcPrice(String eventId, Object btcPriceReport) {
        return submit(write(ContractTransaction.RECORD_BTC_PRICE, eventId, btcPriceReport), SUBMIT_ALWAYS);
    }

    public byte[] verifyCollateral(String goodId) {
        return evaluate(ContractTransaction.VERIFY_COLLATERAL, goodId);
    }

    public byte[] lien(String loanId) {
        return evaluate(ContractTransaction.GET_LIEN, loanId);
    }

    public byte[] loanOffer(String loanId) {
        return evaluate(ContractTransaction.GET_LOAN_OFFER, loanId);
    }

    public byte[] evaluateLoan(String loanId) {
        return evaluate(ContractTransaction.EVALUATE_LOAN, loanId);
    }

    public byte[] loansByLender(String lenderMspId) {
        return evaluate(ContractTransaction.LOANS_BY_LENDER, lenderMspId);
    }

    public byte[] loansByBorrower(String borrowerMspId) {
        return evaluate(ContractTransaction.LOANS_BY_BORROWER, borrowerMspId);
    }

    public byte[] loanOffersToBorrower(String borrowerMspId) {
        return evaluate(ContractTransaction.LOAN_OFFERS_TO_BORROWER, borrowerMspId);
    }

    /** Only the loan's borrower and lender may read them, on their own peers. */
    public byte[] loanTerms(String loanId) {
        return evaluate(ContractTransaction.GET_LOAN_TERMS, loanId);
    }

    // Custody and recalls

    public Committed proposeTransfer(String eventId, Object transferProposal) {
        return submit(write(ContractTransaction.PROPOSE_TRANSFER, eventId, transferProposal), SUBMIT_ALWAYS);
    }

    public Committed acceptTransfer(String eventId, Object transferDecision, List<String> endorsingOrgs) {
        return submit(
                write(ContractTransaction.ACCEPT_TRANSFER, eventId, transferDecision)
                        .endorsedBy(endorsingOrgs),
                SUBMIT_ALWAYS);
    }

    public Committed rejectTransfer(String eventId, Object transferDecision) {
        return submit(write(ContractTransaction.REJECT_TRANSFER, eventId, transferDecision), SUBMIT_ALWAYS);
    }

    public Committed recallGood(String eventId, Object recallGoodRequest) {
        return submit(write(ContractTransaction.RECALL_GOOD, eventId, recallGoodRequest), SUBMIT_ALWAYS);
    }

    // Provenance

    public byte[] provenance(String goodId, int maxDepth, int maxNodes) {
        return evaluate(ContractTransaction.GET_PROVENANCE, goodId, String.valueOf(maxDepth), String.valueOf(maxNodes));
    }

    // The peer's block store (qscc)

    /**
     * The number of the block holding {@code transactionId}, e.g. the original transaction a
     * replay's answer names.
     *
     * @throws IllegalStateException when the peer's answer is not a block holding it
     */
    public long blockOf(String transactionId) {
        byte[] bytes = evaluateSystem(transactionId, GET_BLOCK_BY_TX_ID, channel, transactionId);
        try {
            Block block = Block.parseFrom(bytes);
            for (ByteString data : block.getData().getDataList()) {
                Payload payload = Payload.parseFrom(Envelope.parseFrom(data).getPayload());
                if (ChannelHeader.parseFrom(payload.getHeader().getChannelHeader())
                        .getTxId()
                        .equals(transactionId)) {
                    return block.getHeader().getNumber();
                }
            }
            throw new IllegalStateException("qscc " + GET_BLOCK_BY_TX_ID + " answered block "
                    + block.getHeader().getNumber() + " for transaction " + transactionId + ", which does not hold it");
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(
                    "qscc " + GET_BLOCK_BY_TX_ID + " for transaction " + transactionId + " answered no block: "
                            + e.getMessage(),
                    e);
        }
    }

    /** The peer's ledger height (number of blocks). */
    public long height() {
        try {
            return BlockchainInfo.parseFrom(evaluateSystem(null, GET_CHAIN_INFO, channel))
                    .getHeight();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("the peer's " + GET_CHAIN_INFO + " answer is not a BlockchainInfo", e);
        }
    }

    /** One write: the transaction, its two arguments, the loan terms if any, the orgs that must endorse it. */
    private record Write(
            ContractTransaction transaction,
            String eventId,
            String request,
            byte[] loanTerms,
            List<String> endorsingOrgs,
            Duration commitWait) {

        Write withTerms(byte[] terms) {
            return new Write(transaction, eventId, request, terms.clone(), endorsingOrgs, commitWait);
        }

        Write endorsedBy(List<String> orgs) {
            return new Write(transaction, eventId, request, loanTerms, List.copyOf(orgs), commitWait);
        }

        /** A write the journal resends until decided: its commit status is awaited only this long. */
        Write journaled(Duration wait) {
            return new Write(transaction, eventId, request, loanTerms, endorsingOrgs, wait);
        }

        String describe() {
            return transaction.functionName() + " of event " + eventId;
        }
    }

    private static Write write(ContractTransaction transaction, String eventId, Object request) {
        try {
            return new Write(transaction, eventId, Json.MAPPER.writeValueAsString(request), null, List.of(), null);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(
                    "cannot write the request of " + transaction.functionName() + " of event " + eventId + " as JSON",
                    e);
        }
    }

    private Proposal proposal(Write write) {
        Proposal.Builder proposal =
                contract.newProposal(write.transaction().functionName()).addArguments(write.eventId(), write.request());
        if (write.loanTerms() != null) {
            proposal.putAllTransient(Map.of(TransientData.LOAN_TERMS, write.loanTerms()));
        }
        if (!write.endorsingOrgs().isEmpty()) {
            proposal.setEndorsingOrganizations(write.endorsingOrgs().toArray(String[]::new));
        }
        return proposal.build();
    }

    private Committed submit(Write write, ReplayCheck replay) {
        for (int attempt = 1; ; attempt++) {
            // A conflict invalidates the transaction's read set: only a new proposal, simulated
            // against the newer state, can pass, so every attempt builds one (new transaction id).
            Proposal proposal = proposal(write);
            String transactionId = proposal.getTransactionId();
            Transaction transaction;
            try {
                transaction = proposal.endorse();
            } catch (EndorseException e) {
                throw chaincodeFailure(write.describe(), transactionId, e);
            }
            byte[] result = transaction.getResult();
            Optional<Committed> earlier = replay.alreadyCommitted(transactionId, result);
            if (earlier.isPresent()) {
                return earlier.get();
            }
            org.hyperledger.fabric.client.Status status = commit(write, transactionId, transaction);
            if (status.isSuccessful()) {
                return new Committed(transactionId, status.getBlockNumber(), result);
            }
            TxValidationCode code = status.getCode();
            boolean conflict =
                    code == TxValidationCode.MVCC_READ_CONFLICT || code == TxValidationCode.PHANTOM_READ_CONFLICT;
            if (!conflict || attempt > maxConflictRetries) {
                throw new CommitFailedException(
                        write.describe() + " was not committed: transaction " + transactionId + " is " + code + " ("
                                + code.getNumber() + ") after " + attempt + " attempt(s)",
                        transactionId,
                        code.name(),
                        conflict,
                        attempt);
            }
            log.warn(
                    "{}: transaction {} is {}; new proposal ({} of {} retries)",
                    write.describe(),
                    transactionId,
                    code,
                    attempt,
                    maxConflictRetries);
        }
    }

    private static org.hyperledger.fabric.client.Status commit(
            Write write, String transactionId, Transaction transaction) {
        SubmittedTransaction submitted;
        try {
            submitted = transaction.submitAsync();
        } catch (SubmitException e) {
            throw new LedgerUnreachableException(
                    write.describe() + ": transaction " + transactionId + " was not handed to the orderer: "
                            + describe(e),
                    transactionId,
                    e);
        }
        try {
            return write.commitWait() == null
                    ? submitted.getStatus()
                    : submitted.getStatus(options ->
                            options.withDeadlineAfter(write.commitWait().toMillis(), TimeUnit.MILLISECONDS));
        } catch (CommitStatusException e) {
            // A transaction an orderer lost before it reached a block never commits: past the
            // journaled write's wait it is re-checked by a replay, not waited out.
            throw new LedgerUnreachableException(
                    write.describe() + ": the commit status of transaction " + transactionId + " could not be read: "
                            + describe(e),
                    transactionId,
                    e);
        }
    }

    private byte[] evaluate(ContractTransaction query, String... args) {
        Proposal proposal =
                contract.newProposal(query.functionName()).addArguments(args).build();
        try {
            return proposal.evaluate();
        } catch (GatewayException e) {
            throw chaincodeFailure(query.functionName() + " " + String.join(" ", args), proposal.getTransactionId(), e);
        }
    }

    /** A query of the peer's block store, about {@code transactionId} when it names one. */
    private byte[] evaluateSystem(String transactionId, String function, String... args) {
        try {
            return qscc.evaluateTransaction(function, args);
        } catch (GatewayException e) {
            String what = "qscc " + function + " " + String.join(" ", args);
            if (unreachable(e)) {
                throw new LedgerUnreachableException(what + ": " + describe(e), transactionId, e);
            }
            throw new ChaincodeUnavailableException(what + ": " + describe(e), transactionId, e);
        }
    }

    /** What an endorsement or evaluation failure was: no answer, the contract's refusal, or a chaincode the peer could not run. */
    private static LedgerException chaincodeFailure(String what, String transactionId, GatewayException e) {
        if (unreachable(e)) {
            return new LedgerUnreachableException(
                    "the peer did not answer " + what + " (transaction " + transactionId + "): " + describe(e),
                    transactionId,
                    e);
        }
        // Every peer asked gives its own message; the first refusal in the contract's format decides.
        Optional<Refusal> refusal = Stream.concat(
                        e.getDetails().stream().map(ErrorDetail::getMessage),
                        Stream.of(e.getStatus().getDescription()))
                .map(Refusal::find)
                .flatMap(Optional::stream)
                .findFirst();
        if (refusal.isPresent()) {
            return new ChaincodeRefusedException(refusal.get(), transactionId, e);
        }
        return new ChaincodeUnavailableException(
                "the peer could not run the chaincode for " + what + " (transaction " + transactionId + "): "
                        + describe(e),
                transactionId,
                e);
    }

    private static boolean unreachable(GatewayException e) {
        Status.Code code = e.getStatus().getCode();
        return code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED;
    }

    /** The gRPC status and every peer's message, as one line. */
    private static String describe(GatewayException e) {
        StringBuilder text = new StringBuilder()
                .append(e.getStatus().getCode())
                .append(' ')
                .append(e.getStatus().getDescription());
        for (ErrorDetail detail : e.getDetails()) {
            text.append("; ")
                    .append(detail.getMspId())
                    .append(" at ")
                    .append(detail.getAddress())
                    .append(": ")
                    .append(detail.getMessage());
        }
        return text.toString();
    }
}
