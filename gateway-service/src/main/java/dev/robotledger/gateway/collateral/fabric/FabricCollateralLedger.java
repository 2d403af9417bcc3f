package dev.robotledger.gateway.collateral.fabric;

import dev.robotledger.gateway.collateral.BtcPrice;
import dev.robotledger.gateway.collateral.CollateralLedger;
import dev.robotledger.gateway.collateral.LoanTerms;
import dev.robotledger.gateway.collateral.PledgeRequest;
import dev.robotledger.gateway.json.Json;
import dev.robotledger.gateway.ledger.fabric.ProvenanceContractClient;
import dev.robotledger.gateway.ledger.fabric.ProvenanceContractClient.Committed;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The collateral transactions on Fabric, through the contract client. Loan terms go only in the
 * transient map, never in the arguments, so they never reach a block.
 *
 * <p>Endorsement (chaincode/README.md, "Endorsement"): a pledge writes the pair's private data
 * collection (policy: both orgs' peers) and the lender's offer key, and every write to an active
 * lien touches keys whose key-level policy names the borrower's and the lender's peers. The
 * Gateway's discovery follows only the chaincode-level and collection policies, so those writes
 * name both orgs as endorsers. Offers and withdrawals write keys under the chaincode-level policy
 * (and the offer's, the lender's own) and are left to discovery.
 *
 * <p>Replays: every write carries an event id derived from its request, so a retry after a lost
 * answer is answered by the chaincode with the first result and records nothing; it is still
 * submitted (a read-only transaction), as robot registrations are.
 */
public final class FabricCollateralLedger implements CollateralLedger {

    private static final Logger log = LoggerFactory.getLogger(FabricCollateralLedger.class);

    private final ProvenanceContractClient ledger;
    private final String mspId;

    public FabricCollateralLedger(ProvenanceContractClient ledger, String mspId) {
        this.ledger = ledger;
        this.mspId = mspId;
    }

    /** The contract's {@code LoanOfferRequest}: the exact pledge on offer, to whom, until when. */
    static ObjectNode offerRequest(PledgeRequest pledge, String borrowerOrg, long expiresAtEpochMillis) {
        ObjectNode request = Json.MAPPER.createObjectNode();
        request.set("pledge", Json.MAPPER.valueToTree(pledge));
        return request.put("borrowerOrg", borrowerOrg).put("expiresAtEpochMillis", expiresAtEpochMillis);
    }

    /** A request on an active lien: its loan id, then {@code fields} as name, value pairs. */
    static ObjectNode lienRequest(JsonNode lien, String... fields) {
        ObjectNode request =
                Json.MAPPER.createObjectNode().put("loanId", lien.path("loanId").asString());
        for (int i = 0; i < fields.length; i += 2) {
            request.put(fields[i], fields[i + 1]);
        }
        return request;
    }

    /** The orgs whose peers must endorse a write on the lien: its borrower and its lender. */
    static List<String> parties(JsonNode lien) {
        return parties(
                lien.path("borrowerOrg").asString(), lien.path("lenderOrg").asString());
    }

    static List<String> parties(String borrowerOrg, String lenderOrg) {
        return borrowerOrg.equals(lenderOrg) ? List.of(borrowerOrg) : List.of(borrowerOrg, lenderOrg);
    }

    @Override
    public String mspId() {
        return mspId;
    }

    @Override
    public JsonNode verifyCollateral(String goodId) {
        return read(ledger.verifyCollateral(goodId));
    }

    @Override
    public Written offerLoan(
            String eventId, PledgeRequest pledge, String borrowerOrg, long expiresAtEpochMillis, LoanTerms terms) {
        return written(
                "offer of loan " + pledge.loanId(),
                eventId,
                ledger.offerLoan(
                        eventId, offerRequest(pledge, borrowerOrg, expiresAtEpochMillis), terms.canonicalJson()));
    }

    @Override
    public Written withdrawOffer(String eventId, String loanId, String reason) {
        ObjectNode request =
                Json.MAPPER.createObjectNode().put("loanId", loanId).put("reason", reason);
        return written(
                "withdrawal of the offer of loan " + loanId, eventId, ledger.withdrawLoanOffer(eventId, request));
    }

    @Override
    public Written pledge(String eventId, PledgeRequest pledge, LoanTerms terms) {
        return written(
                "pledge of good " + pledge.goodId() + " for loan " + pledge.loanId(),
                eventId,
                ledger.pledgeGood(eventId, pledge, terms.canonicalJson(), parties(mspId, pledge.lenderOrg())));
    }

    @Override
    public Written checkMargin(String eventId, JsonNode lien) {
        return written(
                "margin check of loan " + lien.path("loanId").asString(),
                eventId,
                ledger.checkMargin(eventId, lienRequest(lien), parties(lien)));
    }

    @Override
    public Written recordDisbursement(
            String eventId, JsonNode lien, String paymentHash, long amountSats, long paidAtEpochMillis) {
        ObjectNode request = lienRequest(lien, "paymentHash", paymentHash)
                .put("amountSats", amountSats)
                .put("paidAtEpochMillis", paidAtEpochMillis);
        return written(
                "disbursement of loan " + lien.path("loanId").asString(),
                eventId,
                ledger.recordDisbursement(eventId, request, parties(lien)));
    }

    @Override
    public Written releaseWithPreimage(String eventId, JsonNode lien, String preimageHex) {
        return written(
                "release of loan " + lien.path("loanId").asString() + " with a preimage",
                eventId,
                ledger.releaseWithPreimage(eventId, lienRequest(lien, "preimageHex", preimageHex), parties(lien)));
    }

    @Override
    public Written releaseByLender(String eventId, JsonNode lien, String reason) {
        return written(
                "release of loan " + lien.path("loanId").asString() + " by its lender",
                eventId,
                ledger.releaseByLender(eventId, lienRequest(lien, "reason", reason), parties(lien)));
    }

    @Override
    public Written liquidate(String eventId, JsonNode lien) {
        return written(
                "liquidation of loan " + lien.path("loanId").asString(),
                eventId,
                ledger.liquidate(eventId, lienRequest(lien), parties(lien)));
    }

    @Override
    public Written recordBtcPrice(String eventId, BtcPrice price) {
        return written("BTC price " + price.priceId(), eventId, ledger.recordBtcPrice(eventId, price));
    }

    @Override
    public JsonNode lien(String loanId) {
        return read(ledger.lien(loanId));
    }

    @Override
    public JsonNode loanOffer(String loanId) {
        return read(ledger.loanOffer(loanId));
    }

    @Override
    public JsonNode evaluateLoan(String loanId) {
        return read(ledger.evaluateLoan(loanId));
    }

    @Override
    public JsonNode loansByLender(String lenderMspId) {
        return read(ledger.loansByLender(lenderMspId));
    }

    @Override
    public JsonNode loansByBorrower(String borrowerMspId) {
        return read(ledger.loansByBorrower(borrowerMspId));
    }

    @Override
    public JsonNode loanOffersToBorrower(String borrowerMspId) {
        return read(ledger.loanOffersToBorrower(borrowerMspId));
    }

    @Override
    public JsonNode loanTerms(String loanId) {
        return read(ledger.loanTerms(loanId));
    }

    private static Written written(String what, String eventId, Committed committed) {
        log.info(
                "{} committed in transaction {} (block {}), event {}",
                what,
                committed.transactionId(),
                committed.blockNumber(),
                eventId);
        return new Written(committed.transactionId(), committed.blockNumber(), read(committed.result()));
    }

    private static JsonNode read(byte[] answer) {
        try {
            return Json.MAPPER.readTree(answer);
        } catch (JacksonException e) {
            throw new IllegalStateException(
                    "the peer answered with something that is not JSON: " + new String(answer, StandardCharsets.UTF_8),
                    e);
        }
    }
}
