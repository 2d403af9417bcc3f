package dev.robotledger.gateway.collateral.fabric;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotledger.gateway.collateral.BtcPrice;
import dev.robotledger.gateway.collateral.CollateralLedger;
import dev.robotledger.gateway.collateral.LoanRefusedException;
import dev.robotledger.gateway.collateral.LoanTerms;
import dev.robotledger.gateway.collateral.PledgeRequest;
import dev.robotledger.gateway.ledger.LedgerCallFailedException;
import dev.robotledger.gateway.ledger.LedgerCommitFailedException;
import dev.robotledger.gateway.ledger.LedgerTransactions;
import dev.robotledger.gateway.robots.LedgerRefusedException;
import dev.robotledger.gateway.robots.LedgerUnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Proposal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collateral transactions on Fabric, through the one submit-and-wait-for-commit loop
 * ({@link LedgerTransactions}). Loan terms go only in the transient map under
 * {@value LoanTerms#TRANSIENT_KEY}, never in the arguments, so they never reach a block.
 *
 * <p>Endorsement (chaincode/README.md, "Endorsement"): a pledge writes the pair's private data
 * collection (policy: both orgs' peers) and the lender's offer key, and every write to an active
 * lien touches keys whose key-level policy names the borrower's and the lender's peers. The
 * Gateway's discovery follows only the chaincode-level and collection policies, so those writes
 * name both orgs with {@code setEndorsingOrganizations}. Offers and withdrawals write keys under
 * the chaincode-level policy (and the offer's, the lender's own) and are left to discovery.
 *
 * <p>Replays: every write carries an event id derived from its request, so a retry after a lost
 * answer is answered by the chaincode with the first result and records nothing; it is still
 * submitted (a read-only transaction), as robot registrations are.
 */
public final class FabricCollateralLedger implements CollateralLedger {

    private static final Logger log = LoggerFactory.getLogger(FabricCollateralLedger.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Contract contract;
    private final String mspId;
    private final int maxConflictRetries;

    public FabricCollateralLedger(Gateway gateway, String channel, String chaincode, String mspId,
                                  int maxConflictRetries) {
        this.contract = gateway.getNetwork(channel).getContract(chaincode);
        this.mspId = mspId;
        this.maxConflictRetries = maxConflictRetries;
    }

    /** One write: function, the two arguments, the transient terms if any, the orgs that must endorse it. */
    record Write(String function, String eventId, String request, LoanTerms terms, List<String> endorsingOrgs) {

        Proposal build(Contract contract) {
            Proposal.Builder proposal = contract.newProposal(function).addArguments(eventId, request);
            if (terms != null) {
                proposal.putAllTransient(Map.of(LoanTerms.TRANSIENT_KEY, terms.canonicalJson()));
            }
            if (!endorsingOrgs.isEmpty()) {
                proposal.setEndorsingOrganizations(endorsingOrgs.toArray(String[]::new));
            }
            return proposal.build();
        }
    }

    static Write offerWrite(String eventId, PledgeRequest pledge, String borrowerOrg, long expiresAtEpochMillis,
                            LoanTerms terms) {
        ObjectNode request = JSON.createObjectNode();
        request.set("pledge", JSON.valueToTree(pledge));
        request.put("borrowerOrg", borrowerOrg).put("expiresAtEpochMillis", expiresAtEpochMillis);
        return new Write("OfferLoan", eventId, request.toString(), terms, List.of());
    }

    static Write pledgeWrite(String eventId, PledgeRequest pledge, LoanTerms terms, String borrowerOrg) {
        return new Write("PledgeGood", eventId, json(pledge), terms, parties(borrowerOrg, pledge.lenderOrg()));
    }

    /** A write on an active lien: {@code fields} after the loan id, endorsed by the lien's two parties. */
    static Write lienWrite(String function, String eventId, JsonNode lien, String... fields) {
        ObjectNode request = JSON.createObjectNode().put("loanId", lien.path("loanId").asText());
        for (int i = 0; i < fields.length; i += 2) {
            request.put(fields[i], fields[i + 1]);
        }
        return new Write(function, eventId, request.toString(), null,
                parties(lien.path("borrowerOrg").asText(), lien.path("lenderOrg").asText()));
    }

    private static List<String> parties(String borrowerOrg, String lenderOrg) {
        return borrowerOrg.equals(lenderOrg) ? List.of(borrowerOrg) : List.of(borrowerOrg, lenderOrg);
    }

    @Override
    public String mspId() {
        return mspId;
    }

    @Override
    public JsonNode verifyCollateral(String goodId) {
        return evaluate("VerifyCollateral", goodId);
    }

    @Override
    public Written offerLoan(String eventId, PledgeRequest pledge, String borrowerOrg, long expiresAtEpochMillis,
                             LoanTerms terms) {
        return submit("offer of loan " + pledge.loanId(), offerWrite(eventId, pledge, borrowerOrg, expiresAtEpochMillis,
                terms));
    }

    @Override
    public Written withdrawOffer(String eventId, String loanId, String reason) {
        String request = JSON.createObjectNode().put("loanId", loanId).put("reason", reason).toString();
        return submit("withdrawal of the offer of loan " + loanId,
                new Write("WithdrawLoanOffer", eventId, request, null, List.of()));
    }

    @Override
    public Written pledge(String eventId, PledgeRequest pledge, LoanTerms terms) {
        return submit("pledge of good " + pledge.goodId() + " for loan " + pledge.loanId(),
                pledgeWrite(eventId, pledge, terms, mspId));
    }

    @Override
    public Written checkMargin(String eventId, JsonNode lien) {
        return submit("margin check of loan " + lien.path("loanId").asText(), lienWrite("CheckMargin", eventId, lien));
    }

    @Override
    public Written releaseWithPreimage(String eventId, JsonNode lien, String preimageHex) {
        return submit("release of loan " + lien.path("loanId").asText() + " with a preimage",
                lienWrite("ReleaseWithPreimage", eventId, lien, "preimageHex", preimageHex));
    }

    @Override
    public Written releaseByLender(String eventId, JsonNode lien, String reason) {
        return submit("release of loan " + lien.path("loanId").asText() + " by its lender",
                lienWrite("ReleaseByLender", eventId, lien, "reason", reason));
    }

    @Override
    public Written liquidate(String eventId, JsonNode lien) {
        return submit("liquidation of loan " + lien.path("loanId").asText(), lienWrite("Liquidate", eventId, lien));
    }

    @Override
    public Written recordBtcPrice(String eventId, BtcPrice price) {
        return submit("BTC price " + price.priceId(), new Write("RecordBtcPrice", eventId, json(price), null, List.of()));
    }

    @Override
    public JsonNode lien(String loanId) {
        return evaluate("GetLien", loanId);
    }

    @Override
    public JsonNode loanOffer(String loanId) {
        return evaluate("GetLoanOffer", loanId);
    }

    @Override
    public JsonNode evaluateLoan(String loanId) {
        return evaluate("EvaluateLoan", loanId);
    }

    @Override
    public JsonNode loansByLender(String lenderMspId) {
        return evaluate("LoansByLender", lenderMspId);
    }

    @Override
    public JsonNode loansByBorrower(String borrowerMspId) {
        return evaluate("LoansByBorrower", borrowerMspId);
    }

    @Override
    public JsonNode loanOffersToBorrower(String borrowerMspId) {
        return evaluate("LoanOffersToBorrower", borrowerMspId);
    }

    @Override
    public JsonNode loanTerms(String loanId) {
        return evaluate("GetLoanTerms", loanId);
    }

    private Written submit(String what, Write write) {
        try {
            LedgerTransactions.Committed committed = LedgerTransactions.submit(what, () -> write.build(contract),
                    maxConflictRetries, (txId, result) -> Optional.empty());
            log.info("{} committed in transaction {} (block {}), event {}", what, committed.transactionId(),
                    committed.blockNumber(), write.eventId());
            return new Written(committed.transactionId(), committed.blockNumber(), read(write.function(), committed.result()));
        } catch (LedgerCallFailedException e) {
            throw failed(what, e);
        } catch (LedgerCommitFailedException e) {
            if (e.conflict()) {
                throw new LedgerUnavailableException("the ledger kept conflicting on the " + what + ": "
                        + e.getMessage(), e);
            }
            throw new LedgerRefusedException("the " + what + " did not commit: " + e.getMessage(), e);
        }
    }

    private JsonNode evaluate(String function, String... args) {
        try {
            return read(function, contract.evaluateTransaction(function, args));
        } catch (GatewayException e) {
            throw failed(function + " " + String.join(" ", args),
                    new LedgerCallFailedException(LedgerCallFailedException.Phase.EVALUATE, function, e));
        }
    }

    /** The chaincode's refusal with its code when the message names one, else what the peer said. */
    static RuntimeException failed(String what, LedgerCallFailedException e) {
        if (e.unreachable()) {
            return new LedgerUnavailableException("the ledger (Fabric peer) did not answer the " + what + ": "
                    + e.getMessage(), e);
        }
        if (e.phase() == LedgerCallFailedException.Phase.ENDORSE || e.phase() == LedgerCallFailedException.Phase.EVALUATE) {
            // Every peer asked gives its own message; the first that names a contract code decides.
            for (String message : e.peerMessages()) {
                Optional<String> code = ChaincodeRefusals.codeOf(message);
                if (code.isPresent()) {
                    return new LoanRefusedException(code.get(), ChaincodeRefusals.chaincodeMessage(message), e);
                }
            }
        }
        return new LedgerRefusedException("the ledger refused the " + what + ": " + (e.peerMessages().isEmpty()
                ? e.getMessage() : String.join("; ", e.peerMessages())), e);
    }

    private static JsonNode read(String function, byte[] answer) {
        try {
            return JSON.readTree(answer);
        } catch (IOException e) {
            throw new LedgerRefusedException("the peer answered " + function + " with something that is not JSON: "
                    + new String(answer, StandardCharsets.UTF_8), e);
        }
    }

    private static String json(Object request) {
        try {
            return JSON.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + request, e);
        }
    }
}
