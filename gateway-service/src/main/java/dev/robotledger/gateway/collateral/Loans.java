package dev.robotledger.gateway.collateral;

import dev.robotledger.gateway.json.Json;
import dev.robotledger.gateway.ledger.ChaincodeRefusedException;
import dev.robotledger.gateway.ledger.LedgerUnreachableException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.function.Predicate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The loan flows of this organisation's gateway, on the collateral transactions of the ledger.
 * As a lender: verify a good, offer a loan against it, watch the loans' margins, release or
 * liquidate. As a borrower: see the offers made to it, accept one by pledging exactly its request
 * and terms, release with the Lightning preimage. Every write goes as the gateway's own org;
 * the chaincode decides whether that org may do it. Blocking: call off the event loop.
 *
 * <p>Event ids are derived from what is asked ({@code pledge-<loanId>}, {@code margin-<loanId>-<priceId>},
 * {@code preimage-release-<loanId>-<digest of the preimage>}, ...), so sending a request again after
 * a lost answer is a replay, never a second write, and a different request is judged by the
 * contract's rules rather than refused as a reused event id.
 */
@Service
public class Loans {

    /** The margin states a lender acts on. */
    public static final Set<String> MARGIN_CALL_STATES = Set.of("MARGIN_CALL", "LIQUIDATABLE");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_EVENT_ID = 128;

    private final ObjectProvider<CollateralLedger> ledger;

    public Loans(ObjectProvider<CollateralLedger> ledger) {
        this.ledger = ledger;
    }

    /**
     * Verifies the good with the chaincode's {@code VerifyCollateral} and, only when the verdict
     * is {@code ELIGIBLE}, offers the loan with {@code OfferLoan} (terms as transient data).
     *
     * @throws CollateralNotEligibleException with the report when the verdict is not ELIGIBLE
     */
    public ObjectNode propose(LoanProposal proposal) {
        CollateralLedger ledger = ledger();
        PledgeRequest pledge = proposal.pledge(ledger.mspId());
        JsonNode report = ledger.verifyCollateral(pledge.goodId());
        if (!"ELIGIBLE".equals(report.path("verdict").asString())) {
            throw new CollateralNotEligibleException(pledge.goodId(), report);
        }
        String eventId = proposal.eventId() != null
                ? proposal.eventId()
                : eventId(
                        "offer",
                        pledge.loanId(),
                        digest(
                                json(pledge),
                                proposal.borrowerOrg(),
                                proposal.expiresAtEpochMillis().toString(),
                                proposal.terms().sha256Hex()));
        CollateralLedger.Written offered = ledger.offerLoan(
                eventId, pledge, proposal.borrowerOrg(), proposal.expiresAtEpochMillis(), proposal.terms());
        ObjectNode answer = written(eventId, offered, "offer");
        answer.set("report", report);
        return answer;
    }

    public ObjectNode withdrawOffer(String loanId, String reason) {
        Checks.id("loanId", loanId);
        Checks.text("reason", reason);
        String eventId = eventId("withdraw", loanId, digest(reason));
        return written(eventId, ledger().withdrawOffer(eventId, loanId, reason), "offer");
    }

    /** The loans this org lent, each with its valuation at the latest recorded price while active. */
    public ObjectNode lentLoans() {
        CollateralLedger ledger = ledger();
        return loans(ledger, ledger.loansByLender(ledger.mspId()), loan -> true);
    }

    /** The lent loans whose margin state at the latest price is MARGIN_CALL or LIQUIDATABLE. */
    public ObjectNode marginCalls() {
        CollateralLedger ledger = ledger();
        return loans(
                ledger,
                ledger.loansByLender(ledger.mspId()),
                loan -> MARGIN_CALL_STATES.contains(
                        loan.path("evaluation").path("state").asString()));
    }

    /** The loans this org borrowed, valued like the lender's. */
    public ObjectNode borrowedLoans() {
        CollateralLedger ledger = ledger();
        return loans(ledger, ledger.loansByBorrower(ledger.mspId()), loan -> true);
    }

    /** Records the loan's margin state at the latest price ({@code CheckMargin}); once per price. */
    public ObjectNode checkMargin(String loanId) {
        CollateralLedger ledger = ledger();
        JsonNode lien = lienOf(ledger, loanId);
        JsonNode evaluation = ledger.evaluateLoan(loanId);
        String eventId = eventId("margin", loanId, evaluation.path("priceId").asString());
        ObjectNode answer = written(eventId, ledger.checkMargin(eventId, lien), "lien");
        answer.set("evaluation", evaluation);
        return answer;
    }

    public ObjectNode releaseByLender(String loanId, String reason) {
        Checks.text("reason", reason);
        CollateralLedger ledger = ledger();
        String eventId = eventId("lender-release", loanId, digest(reason));
        return written(eventId, ledger.releaseByLender(eventId, lienOf(ledger, loanId), reason), "lien");
    }

    public ObjectNode liquidate(String loanId) {
        CollateralLedger ledger = ledger();
        String eventId = eventId("liquidate", loanId);
        return written(eventId, ledger.liquidate(eventId, lienOf(ledger, loanId)), "lien");
    }

    /** The private terms, readable by the loan's borrower and lender only (the chaincode refuses others). */
    public JsonNode terms(String loanId) {
        Checks.id("loanId", loanId);
        return ledger().loanTerms(loanId);
    }

    public JsonNode offersToMe() {
        CollateralLedger ledger = ledger();
        return ledger.loanOffersToBorrower(ledger.mspId());
    }

    /**
     * Accepts an offer: pledges exactly the request the lender offered (read from the ledger's
     * offer) with the terms the borrower holds, which must hash to the offer's {@code termsSha256}.
     */
    public ObjectNode accept(String loanId, LoanTerms terms, String suppliedEventId) {
        Checks.id("loanId", loanId);
        if (terms == null) {
            throw new IllegalArgumentException(
                    "terms are missing: send the terms the lender offered for loan " + loanId);
        }
        CollateralLedger ledger = ledger();
        JsonNode offer = ledger.loanOffer(loanId);
        PledgeRequest pledge;
        try {
            pledge = Json.MAPPER.treeToValue(offer.path("pledge"), PledgeRequest.class);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new IllegalStateException(
                    "the ledger's offer of loan " + loanId + " holds no readable pledge: " + offer, e);
        }
        String eventId = suppliedEventId != null
                ? Checks.id("eventId", suppliedEventId)
                : eventId("pledge", loanId, digest(terms.sha256Hex()));
        return written(eventId, ledger.pledge(eventId, pledge, terms), "lien");
    }

    public ObjectNode releaseWithPreimage(String loanId, String preimageHex) {
        Checks.hex64("preimageHex", preimageHex);
        CollateralLedger ledger = ledger();
        // The preimage's digest in the id: a retry is a replay, while another preimage (a wrong one
        // refused before, or any after the release) meets the contract's rules, not EVENT_ID_REUSED.
        String eventId = eventId("preimage-release", loanId, digest(preimageHex));
        return written(eventId, ledger.releaseWithPreimage(eventId, lienOf(ledger, loanId), preimageHex), "lien");
    }

    private static JsonNode lienOf(CollateralLedger ledger, String loanId) {
        Checks.id("loanId", loanId);
        return ledger.lien(loanId);
    }

    private static ObjectNode loans(CollateralLedger ledger, JsonNode liens, Predicate<JsonNode> keep) {
        ObjectNode answer = NODES.objectNode().put("mspId", ledger.mspId());
        ArrayNode loans = answer.putArray("loans");
        for (JsonNode lien : liens) {
            ObjectNode loan = NODES.objectNode();
            loan.set("lien", lien);
            if ("ACTIVE".equals(lien.path("status").asString())) {
                try {
                    loan.set(
                            "evaluation",
                            ledger.evaluateLoan(lien.path("loanId").asString()));
                } catch (ChaincodeRefusedException e) {
                    // No recent price (PRICE_NOT_FOUND): the loan is listed, its valuation says why not.
                    loan.putObject("evaluationRefused")
                            .put("code", e.code().name())
                            .put("detail", e.detail());
                }
            }
            if (keep.test(loan)) {
                loans.add(loan);
            }
        }
        return answer;
    }

    static ObjectNode written(String eventId, CollateralLedger.Written written, String entity) {
        ObjectNode answer = NODES.objectNode()
                .put("eventId", eventId)
                .put("transactionId", written.transactionId())
                .put("blockNumber", written.blockNumber());
        answer.set(entity, written.result());
        return answer;
    }

    private CollateralLedger ledger() {
        return required(ledger);
    }

    static CollateralLedger required(ObjectProvider<CollateralLedger> ledger) {
        CollateralLedger collateral = ledger.getIfAvailable();
        if (collateral == null) {
            throw new LedgerUnreachableException(
                    "no peer is configured (gateway.ledger.peer-endpoint): loans live on" + " the ledger only");
        }
        return collateral;
    }

    /** {@code <prefix>-<part>-...}, or the prefix and a digest of it when that would pass the contract's 128 characters. */
    static String eventId(String prefix, String... parts) {
        String id = prefix + "-" + String.join("-", parts);
        return id.length() <= MAX_EVENT_ID ? id : prefix + "-" + digest(id);
    }

    /** 32 hex digits of the SHA-256 of the texts, each ended by a zero byte. */
    static String digest(String... texts) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (String text : texts) {
                sha256.update(text.getBytes(StandardCharsets.UTF_8));
                sha256.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha256.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    private static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot write " + value, e);
        }
    }
}
