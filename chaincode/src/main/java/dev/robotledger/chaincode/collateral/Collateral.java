package dev.robotledger.chaincode.collateral;

import dev.robotledger.chaincode.access.Caller;
import dev.robotledger.chaincode.access.OrgDirectory;
import dev.robotledger.chaincode.access.OrgRole;
import dev.robotledger.chaincode.good.CustodyEntry;
import dev.robotledger.chaincode.good.Encumbrances;
import dev.robotledger.chaincode.good.Good;
import dev.robotledger.chaincode.good.GoodIncident;
import dev.robotledger.chaincode.good.Goods;
import dev.robotledger.chaincode.ledger.Json;
import dev.robotledger.chaincode.ledger.Refusals;
import dev.robotledger.chaincode.ledger.StateKey;
import dev.robotledger.chaincode.ledger.WorldState;
import dev.robotledger.chaincode.ledger.WriteOutcome;
import dev.robotledger.contract.CustodyAction;
import dev.robotledger.contract.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Liens on goods for loans paid out in bitcoin: the lender's offer, the custodian's pledge of
 * exactly that offer, margin checks at recorded prices, release against the Lightning preimage
 * or by the lender, and liquidation.
 *
 * <p>While a lien is active, two things keep the good in place. The good's key-level
 * endorsement policy names both the borrower's and the lender's peers, so no change to the good
 * validates without the lender's peer (Fabric checks this at commit; the contract only sees the
 * submitting client). And the contract itself refuses to let the good be consumed into an
 * assembly or accept a transfer, for any caller, until the lien is released; only a liquidation
 * moves it, to the lender. Every check precedes every write.
 */
public final class Collateral implements Encumbrances {

    /** Bounds the parts walked below a good when looking for liens (the provenance cap). */
    public static final int MAX_TREE_NODES = 5_000;

    public static final int MAX_LOANS_PER_QUERY = 10_000;
    // Assemblies cannot form cycles, but a thousand legitimate assemblies can stack one product
    // on another: past this height a walk up the chain is refused rather than done.
    private static final int MAX_PARENT_CHAIN = 1_000;
    private static final Set<OrgRole> BORROWER_ROLES = Set.of(OrgRole.MANUFACTURER, OrgRole.RETAILER);

    private final Goods goods;
    private final BtcPrices prices;

    public Collateral(Goods goods, BtcPrices prices) {
        this.goods = goods;
        this.prices = prices;
    }

    /** The loan terms sent as transient data with an offer or a pledge; refused when absent or invalid. */
    public LoanTerms termsFrom(WorldState state, String loanId) {
        byte[] terms = state.transientValue(LoanTerms.TRANSIENT_KEY)
                .orElseThrow(() -> Refusals.of(
                        ErrorCode.INVALID_ARGUMENT,
                        "loan " + loanId + " has no terms: send them as " + "transient data under '"
                                + LoanTerms.TRANSIENT_KEY + "'"));
        return Json.readRequest(new String(terms, StandardCharsets.UTF_8), LoanTerms.class);
    }

    public static String termsSha256(LoanTerms terms) {
        return sha256Hex(Json.writeBytes(terms));
    }

    /**
     * The lender offers to fund one pledge. Nothing is encumbered yet: the loan exists only once
     * the custodian pledges exactly the offered request and terms before the offer expires, so
     * every lien carries the lender's consent on the ledger. The offer's key needs the lender's
     * peer to endorse any change, so the pledge that accepts it is endorsed by both orgs.
     */
    public WriteOutcome offer(
            WorldState state, Caller caller, String eventId, LoanOfferRequest request, LoanTerms terms) {
        PledgeRequest pledge = request.pledge();
        String loanId = pledge.loanId();
        if (caller.role() != OrgRole.LENDER) {
            throw Refusals.of(
                    ErrorCode.FORBIDDEN_ORG,
                    caller.mspId() + " (" + caller.role() + ") may not offer loan " + loanId
                            + ": only a LENDER org lends");
        }
        if (!pledge.lenderOrg().equals(caller.mspId())) {
            throw Refusals.of(
                    ErrorCode.INVALID_ARGUMENT,
                    "loan " + loanId + " names lender " + pledge.lenderOrg() + " but is offered by " + caller.mspId()
                            + "; a lender offers only its own loans");
        }
        String borrower = request.borrowerOrg();
        if (OrgDirectory.roleOf(borrower).filter(BORROWER_ROLES::contains).isEmpty()) {
            throw Refusals.of(
                    ErrorCode.INVALID_ARGUMENT,
                    "loan " + loanId + " is offered to " + borrower
                            + ", which is not a MANUFACTURER or RETAILER org of this channel");
        }
        if (state.exists(LoanOffer.key(loanId))) {
            throw Refusals.of(ErrorCode.LOAN_OFFER_EXISTS, "loan " + loanId + " was already offered");
        }
        if (state.exists(Lien.key(loanId))) {
            throw Refusals.of(ErrorCode.LIEN_ALREADY_EXISTS, "loan " + loanId + " already exists");
        }
        Good good = goods.get(state, pledge.goodId());
        if (!good.custodianOrg().equals(borrower)) {
            throw Refusals.of(
                    ErrorCode.NOT_CUSTODIAN,
                    "loan " + loanId + " is offered to " + borrower + " against good " + good.id() + ", which "
                            + good.custodianOrg() + " holds; only the custodian can pledge it");
        }
        if (request.expiresAtEpochMillis() <= state.txEpochMillis()) {
            throw Refusals.of(
                    ErrorCode.INVALID_ARGUMENT,
                    "the offer of loan " + loanId + " expires at " + request.expiresAtEpochMillis()
                            + ", not after this transaction's time " + state.txEpochMillis());
        }
        LoanOffer offer = new LoanOffer(
                loanId,
                good.id(),
                caller.mspId(),
                borrower,
                pledge,
                termsSha256(terms),
                request.expiresAtEpochMillis(),
                OfferStatus.OPEN,
                state.txEpochMillis(),
                state.txId(),
                eventId,
                null);
        state.put(LoanOffer.key(loanId), offer);
        state.putIndex(StateKey.of(LoanOffer.BORROWER_INDEX, borrower, loanId));
        state.requireEndorsementBy(LoanOffer.key(loanId), caller.mspId());
        return new WriteOutcome("LoanOffered", loanId, List.of(good.id()), offer);
    }

    /** The lender takes back an offer nobody has pledged against yet. */
    public WriteOutcome withdrawOffer(WorldState state, Caller caller, String eventId, OfferWithdrawal request) {
        LoanOffer offer =
                offer(state, request.loanId()).requireLender(caller, "withdraw").requireOpen("withdraw");
        LoanOffer withdrawn = offer.closed(
                OfferStatus.WITHDRAWN,
                new OfferClosure(caller.mspId(), eventId, state.txId(), state.txEpochMillis(), request.reason()));
        state.put(LoanOffer.key(offer.loanId()), withdrawn);
        return new WriteOutcome("LoanOfferWithdrawn", offer.loanId(), List.of(offer.goodId()), withdrawn);
    }

    public LoanOffer offer(WorldState state, String loanId) {
        return state.find(LoanOffer.key(loanId), LoanOffer.class)
                .orElseThrow(
                        () -> Refusals.of(ErrorCode.LOAN_OFFER_NOT_FOUND, "loan " + loanId + " was never offered"));
    }

    /** Every offer made to a borrower org, by loan id, whatever its status. */
    public List<LoanOffer> offersTo(WorldState state, String borrowerMspId) {
        List<StateKey> keys = state.scanKeys(LoanOffer.BORROWER_INDEX, borrowerMspId);
        if (keys.size() > MAX_LOANS_PER_QUERY) {
            throw Refusals.of(
                    ErrorCode.RESULT_TOO_LARGE,
                    borrowerMspId + " has " + keys.size() + " loan offers; at most " + MAX_LOANS_PER_QUERY
                            + " per query");
        }
        return keys.stream().map(key -> offer(state, key.attribute(1))).toList();
    }

    // The lender's open, unexpired offer of exactly this pledge and these terms to the caller.
    private LoanOffer offerMatching(WorldState state, Caller caller, PledgeRequest request, String termsSha256) {
        LoanOffer offer = state.find(LoanOffer.key(request.loanId()), LoanOffer.class)
                .orElseThrow(() -> Refusals.of(
                        ErrorCode.LOAN_OFFER_NOT_FOUND,
                        "loan " + request.loanId() + " has no offer: "
                                + "lender " + request.lenderOrg()
                                + " offers it first (OfferLoan), then the custodian pledges the"
                                + " same request and terms"))
                .requireOpen("pledge against");
        if (state.txEpochMillis() > offer.expiresAtEpochMillis()) {
            throw Refusals.of(
                    ErrorCode.LOAN_OFFER_EXPIRED,
                    "the offer of loan " + offer.loanId() + " expired at " + offer.expiresAtEpochMillis()
                            + ", before this transaction's time " + state.txEpochMillis());
        }
        if (!offer.borrowerOrg().equals(caller.mspId())) {
            throw Refusals.of(
                    ErrorCode.NOT_LOAN_PARTY,
                    "loan " + offer.loanId() + " was offered to " + offer.borrowerOrg() + ", not to " + caller.mspId());
        }
        List<String> differences = offer.differencesFrom(request);
        if (!differences.isEmpty()) {
            throw Refusals.of(
                    ErrorCode.LOAN_OFFER_MISMATCH,
                    "the pledge of loan " + offer.loanId() + " differs from lender " + offer.lenderOrg()
                            + "'s offer in " + String.join(", ", differences));
        }
        if (!offer.termsSha256().equals(termsSha256)) {
            throw Refusals.of(
                    ErrorCode.LOAN_OFFER_MISMATCH,
                    "the loan terms sent with the pledge of loan " + offer.loanId() + " hash to " + termsSha256
                            + ", the offered terms to " + offer.termsSha256());
        }
        return offer;
    }

    public WriteOutcome pledge(
            WorldState state, Caller caller, String eventId, PledgeRequest request, LoanTerms terms) {
        if (!BORROWER_ROLES.contains(caller.role())) {
            throw Refusals.of(
                    ErrorCode.FORBIDDEN_ORG,
                    caller.mspId() + " (" + caller.role() + ") may not pledge good " + request.goodId()
                            + ": only a custodian org of the supply chain (MANUFACTURER or RETAILER) borrows");
        }
        String lender = request.lenderOrg();
        if (OrgDirectory.roleOf(lender).filter(role -> role == OrgRole.LENDER).isEmpty()) {
            throw Refusals.of(
                    ErrorCode.INVALID_ARGUMENT,
                    "loan " + request.loanId() + " names lender " + lender
                            + ", which is not a LENDER org of this channel");
        }
        if (state.exists(Lien.key(request.loanId()))) {
            throw Refusals.of(ErrorCode.LIEN_ALREADY_EXISTS, "loan " + request.loanId() + " already exists");
        }
        Good good = goods.get(state, request.goodId());
        List<Hold> holds = holdsAround(state, good);
        if (!holds.isEmpty()) {
            Hold hold = holds.get(0);
            throw Refusals.of(
                    ErrorCode.GOOD_ENCUMBERED,
                    "good " + good.id() + " cannot be pledged for loan " + request.loanId() + ": " + hold.describe());
        }
        good.requireCustodian(caller, "pledge").requireActive("pledge").requireNoPendingTransfer("pledge");
        String termsSha256 = termsSha256(terms);
        LoanOffer offer = offerMatching(state, caller, request, termsSha256);
        BtcPrice price = prices.latest(state, request.currency());
        long ltv = LoanToValue.ltvBps(request.principalSats(), request.appraisedValueMinor(), price.minorUnitsPerBtc());
        if (ltv > request.maxLtvBps()) {
            throw Refusals.of(
                    ErrorCode.LTV_TOO_HIGH,
                    "loan " + request.loanId() + " would start at " + ltv + " bps loan-to-value at price "
                            + price.priceId() + " (" + price.minorUnitsPerBtc() + " " + price.currency()
                            + " minor units per BTC); its maximum is "
                            + request.maxLtvBps() + " bps");
        }
        String collection = LoanTerms.collection(caller.mspId(), lender);
        Lien lien = new Lien(
                request.loanId(),
                good.id(),
                lender,
                caller.mspId(),
                request.principalSats(),
                request.appraisedValueMinor(),
                request.currency(),
                request.maxLtvBps(),
                request.marginCallBps(),
                request.liquidationBps(),
                request.paymentHash(),
                termsSha256,
                collection,
                price.priceId(),
                ltv,
                LienStatus.ACTIVE,
                LoanToValue.state(ltv, request.marginCallBps(), request.liquidationBps()),
                state.txEpochMillis(),
                state.txId(),
                eventId,
                List.of(),
                null,
                null);
        state.put(Lien.key(lien.loanId()), lien);
        state.putIndex(StateKey.of(Lien.LENDER_INDEX, lender, lien.loanId()));
        state.putIndex(StateKey.of(Lien.BORROWER_INDEX, caller.mspId(), lien.loanId()));
        state.put(GoodLien.key(good.id()), new GoodLien(good.id(), lien.loanId()));
        state.putPrivate(collection, termsKey(lien.loanId()), terms);
        state.put(
                LoanOffer.key(lien.loanId()),
                offer.closed(
                        OfferStatus.ACCEPTED,
                        new OfferClosure(caller.mspId(), eventId, state.txId(), state.txEpochMillis(), null)));
        state.requireEndorsementByAll(Good.key(good.id()), caller.mspId(), lender);
        state.requireEndorsementByAll(Lien.key(lien.loanId()), caller.mspId(), lender);
        return new WriteOutcome("GoodPledged", lien.loanId(), List.of(good.id()), lien);
    }

    /**
     * Values the loan at the latest recorded price and records a flag when its margin state
     * moved into MARGIN_CALL or LIQUIDATABLE (a move back to OK is recorded without a flag).
     */
    public WriteOutcome checkMargin(WorldState state, Caller caller, String eventId, LoanReference request) {
        Lien lien = get(state, request.loanId()).requireActive("check the margin of");
        LoanEvaluation evaluation = LoanEvaluation.of(lien, prices.latest(state, lien.currency()));
        if (evaluation.state() == lien.marginState()) {
            return WriteOutcome.of("MarginChecked", lien.loanId(), lien);
        }
        LoanFlag flag = evaluation.state() == MarginState.OK
                ? null
                : new LoanFlag(
                        FlagReason.of(evaluation.state()),
                        eventId,
                        state.txId(),
                        state.txEpochMillis(),
                        evaluation.priceId(),
                        evaluation.ltvBps());
        Lien checked = lien.flagged(flag, evaluation.state());
        state.put(Lien.key(lien.loanId()), checked);
        return new WriteOutcome(
                flag == null ? "MarginChecked" : "LoanFlagged", lien.loanId(), List.of(lien.goodId()), checked);
    }

    /**
     * The lender records the Lightning payment that paid the principal out, for exactly the principal.
     * Recording the same payment again changes nothing; another payment is refused: a loan is paid
     * out once.
     */
    public WriteOutcome recordDisbursement(
            WorldState state, Caller caller, String eventId, DisbursementReport request) {
        Lien lien = get(state, request.loanId())
                .requireLender(caller, "record the disbursement of")
                .requireActive("record the disbursement of");
        if (request.amountSats() != lien.principalSats()) {
            throw Refusals.of(
                    ErrorCode.INVALID_ARGUMENT,
                    "the disbursement of loan " + lien.loanId() + " paid " + request.amountSats()
                            + " sats; its principal is " + lien.principalSats());
        }
        Disbursement recorded = lien.disbursement();
        if (recorded != null) {
            if (!recorded.paymentHash().equals(request.paymentHash())) {
                throw Refusals.of(
                        ErrorCode.DISBURSEMENT_ALREADY_RECORDED,
                        "loan " + lien.loanId()
                                + " was paid out by payment " + recorded.paymentHash() + " (transaction "
                                + recorded.txId()
                                + "), not " + request.paymentHash());
            }
            return WriteOutcome.of("DisbursementRecorded", lien.loanId(), lien);
        }
        Lien disbursed = lien.disbursed(new Disbursement(
                request.paymentHash(),
                request.amountSats(),
                request.paidAtEpochMillis(),
                caller.mspId(),
                eventId,
                state.txId(),
                state.txEpochMillis()));
        state.put(Lien.key(lien.loanId()), disbursed);
        return new WriteOutcome("DisbursementRecorded", lien.loanId(), List.of(lien.goodId()), disbursed);
    }

    /** Anyone holding the preimage of the payment hash proves repayment and releases the lien. */
    public WriteOutcome releaseWithPreimage(WorldState state, Caller caller, String eventId, PreimageRelease request) {
        Lien lien = get(state, request.loanId()).requireActive("release");
        String hash = sha256Hex(HexFormat.of().parseHex(request.preimageHex()));
        if (!hash.equals(lien.paymentHash())) {
            throw Refusals.of(
                    ErrorCode.PREIMAGE_MISMATCH,
                    "the preimage sent for loan " + lien.loanId() + " hashes to " + hash
                            + ", not to the loan's payment hash " + lien.paymentHash());
        }
        return release(
                state,
                lien,
                new LienClosure(
                        caller.mspId(),
                        eventId,
                        state.txId(),
                        state.txEpochMillis(),
                        request.preimageHex(),
                        null,
                        null,
                        null));
    }

    public WriteOutcome releaseByLender(WorldState state, Caller caller, String eventId, LenderRelease request) {
        Lien lien =
                get(state, request.loanId()).requireLender(caller, "release").requireActive("release");
        return release(
                state,
                lien,
                new LienClosure(
                        caller.mspId(),
                        eventId,
                        state.txId(),
                        state.txEpochMillis(),
                        null,
                        null,
                        null,
                        request.reason()));
    }

    /**
     * The lender takes custody of the good once the borrower has defaulted: the loan's last
     * instalment is past due and the lien still stands, or the latest recorded price makes the
     * loan LIQUIDATABLE.
     */
    public WriteOutcome liquidate(WorldState state, Caller caller, String eventId, LoanReference request) {
        Lien lien =
                get(state, request.loanId()).requireLender(caller, "liquidate").requireActive("liquidate");
        OptionalLong lastDue = lastInstalmentDue(state, lien);
        LienClosure closure;
        if (lastDue.isPresent() && lastDue.getAsLong() < state.txEpochMillis()) {
            closure = new LienClosure(
                    caller.mspId(),
                    eventId,
                    state.txId(),
                    state.txEpochMillis(),
                    null,
                    null,
                    null,
                    "PAST_DUE: the last instalment was due at " + Instant.ofEpochMilli(lastDue.getAsLong()));
        } else {
            LoanEvaluation evaluation = LoanEvaluation.of(lien, prices.latest(state, lien.currency()));
            if (evaluation.state() != MarginState.LIQUIDATABLE) {
                throw Refusals.of(
                        ErrorCode.NOT_LIQUIDATABLE,
                        "loan " + lien.loanId() + " is at " + evaluation.ltvBps()
                                + " bps loan-to-value at price " + evaluation.priceId() + " (" + evaluation.state()
                                + "); liquidation needs " + lien.liquidationBps() + " bps, reached from "
                                + evaluation.liquidationAtMinorUnitsPerBtc() + " " + lien.currency()
                                + " minor units per BTC"
                                + (lastDue.isPresent()
                                        ? ", or its last instalment past due (due at "
                                                + Instant.ofEpochMilli(lastDue.getAsLong()) + ")"
                                        : ""));
            }
            closure = new LienClosure(
                    caller.mspId(),
                    eventId,
                    state.txId(),
                    state.txEpochMillis(),
                    null,
                    evaluation.priceId(),
                    evaluation.ltvBps(),
                    null);
        }
        Good good = goods.get(state, lien.goodId());
        long now = state.txEpochMillis();
        Good seized = good.liquidateTo(new CustodyEntry(
                CustodyAction.LIQUIDATED, good.custodianOrg(), lien.lenderOrg(), now, state.txId(), eventId));
        Lien liquidated = lien.closed(LienStatus.LIQUIDATED, closure);
        goods.updateCustodian(state, seized);
        state.put(Lien.key(lien.loanId()), liquidated);
        return new WriteOutcome("LoanLiquidated", lien.loanId(), List.of(good.id()), liquidated);
    }

    public Lien get(WorldState state, String loanId) {
        return state.find(Lien.key(loanId), Lien.class)
                .orElseThrow(() -> Refusals.of(ErrorCode.LIEN_NOT_FOUND, "loan " + loanId + " does not exist"));
    }

    /** The loan valued at the latest recorded price in its currency. */
    public LoanEvaluation evaluate(WorldState state, String loanId) {
        Lien lien = get(state, loanId);
        return LoanEvaluation.of(lien, prices.latest(state, lien.currency()));
    }

    public List<Lien> byLender(WorldState state, String lenderMspId) {
        return byIndex(state, Lien.LENDER_INDEX, lenderMspId);
    }

    public List<Lien> byBorrower(WorldState state, String borrowerMspId) {
        return byIndex(state, Lien.BORROWER_INDEX, borrowerMspId);
    }

    /**
     * The private terms of a loan, for its borrower and lender only. The contract refuses other
     * callers by name; the peer also refuses reads of a collection its own org or the client's
     * org is not a member of (memberOnlyRead), and keeps no copy of it outside the pair's peers.
     */
    public LoanTerms terms(WorldState state, String callerMspId, String loanId) {
        Lien lien = get(state, loanId);
        if (!lien.isParty(callerMspId)) {
            throw Refusals.of(
                    ErrorCode.NOT_LOAN_PARTY,
                    callerMspId + " may not read the terms of loan " + loanId + ": only its borrower "
                            + lien.borrowerOrg() + " and lender " + lien.lenderOrg() + " may");
        }
        return state.findPrivate(lien.termsCollection(), termsKey(loanId), LoanTerms.class)
                .orElseThrow(() -> Refusals.of(
                        ErrorCode.LIEN_NOT_FOUND,
                        "the terms of loan " + loanId + " are not on this peer (collection " + lien.termsCollection()
                                + ")"));
    }

    public Encumbrance encumbrance(WorldState state, String goodId) {
        Good good = goods.get(state, goodId);
        return new Encumbrance(
                goodId, holdsAround(state, good).stream().map(Hold::lien).toList());
    }

    @Override
    public void requireUnencumbered(WorldState state, String goodId, String action) {
        Optional<Lien> lien = activeLien(state, goodId);
        if (lien.isPresent()) {
            throw Refusals.of(
                    ErrorCode.GOOD_ENCUMBERED,
                    "cannot " + action + " good " + goodId + ": it secures active loan "
                            + lien.get().loanId() + " of lender " + lien.get().lenderOrg()
                            + "; the lien must be released (or the good liquidated) first");
        }
    }

    @Override
    public void report(WorldState state, String goodId, GoodIncident incident, String eventId) {
        activeLien(state, goodId)
                .ifPresent(lien -> state.put(
                        Lien.key(lien.loanId()),
                        lien.flagged(
                                new LoanFlag(
                                        FlagReason.of(incident),
                                        eventId,
                                        state.txId(),
                                        state.txEpochMillis(),
                                        null,
                                        null),
                                lien.marginState())));
    }

    private WriteOutcome release(WorldState state, Lien lien, LienClosure closure) {
        Good good = goods.get(state, lien.goodId());
        Lien released = lien.closed(LienStatus.RELEASED, closure);
        state.put(Lien.key(lien.loanId()), released);
        state.requireEndorsementBy(Good.key(good.id()), good.custodianOrg());
        return new WriteOutcome("LienReleased", lien.loanId(), List.of(good.id()), released);
    }

    /** The active loan {@code goodId} itself secures, if any. */
    Optional<Lien> activeLien(WorldState state, String goodId) {
        return state.find(GoodLien.key(goodId), GoodLien.class)
                .map(pointer -> get(state, pointer.loanId()))
                .filter(lien -> lien.status() == LienStatus.ACTIVE);
    }

    /** The products that contain {@code good}, from its direct parent up; refused above a thousand. */
    List<Good> productsAbove(WorldState state, Good good) {
        List<Good> products = new ArrayList<>();
        String parentId = good.parentId();
        while (parentId != null) {
            if (products.size() == MAX_PARENT_CHAIN) {
                throw Refusals.of(
                        ErrorCode.RESULT_TOO_LARGE,
                        "good " + good.id() + " lies more than " + MAX_PARENT_CHAIN
                                + " assemblies deep; the products above it cannot be checked for liens");
            }
            Good product = goods.get(state, parentId);
            products.add(product);
            parentId = product.parentId();
        }
        return products;
    }

    /** Active liens on the good, on the products above it, then on the parts below it. */
    private List<Hold> holdsAround(WorldState state, Good good) {
        List<Hold> holds = new ArrayList<>();
        activeLien(state, good.id()).ifPresent(lien -> holds.add(new Hold(lien, Relation.ITSELF)));
        for (Good product : productsAbove(state, good)) {
            activeLien(state, product.id()).ifPresent(lien -> holds.add(new Hold(lien, Relation.CONTAINS_IT)));
        }
        Deque<String> pending = new ArrayDeque<>(good.partIds());
        int walked = 0;
        while (!pending.isEmpty()) {
            if (++walked > MAX_TREE_NODES) {
                throw Refusals.of(
                        ErrorCode.RESULT_TOO_LARGE,
                        "good " + good.id() + " has more than " + MAX_TREE_NODES
                                + " parts below it to check for liens");
            }
            Good part = goods.get(state, pending.pop());
            activeLien(state, part.id()).ifPresent(lien -> holds.add(new Hold(lien, Relation.INSIDE_IT)));
            pending.addAll(part.partIds());
        }
        return holds;
    }

    private List<Lien> byIndex(WorldState state, String index, String mspId) {
        List<StateKey> keys = state.scanKeys(index, mspId);
        if (keys.size() > MAX_LOANS_PER_QUERY) {
            throw Refusals.of(
                    ErrorCode.RESULT_TOO_LARGE,
                    mspId + " has " + keys.size() + " loans; at most " + MAX_LOANS_PER_QUERY + " per query");
        }
        return keys.stream().map(key -> get(state, key.attribute(1))).toList();
    }

    /** The due time of the loan's last instalment, from its private terms on this peer; empty without a schedule. */
    private static OptionalLong lastInstalmentDue(WorldState state, Lien lien) {
        return state.findPrivate(lien.termsCollection(), termsKey(lien.loanId()), LoanTerms.class)
                .map(terms -> terms.schedule().stream()
                        .mapToLong(LoanTerms.Instalment::dueEpochMillis)
                        .max())
                .orElse(OptionalLong.empty());
    }

    private static StateKey termsKey(String loanId) {
        return StateKey.of("loanTerms", loanId);
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    private enum Relation {
        ITSELF,
        CONTAINS_IT,
        INSIDE_IT
    }

    private record Hold(Lien lien, Relation relation) {

        String describe() {
            String holder = switch (relation) {
                case ITSELF -> "it";
                case CONTAINS_IT -> "product " + lien.goodId() + ", which contains it,";
                case INSIDE_IT -> "part " + lien.goodId() + ", inside it,";
            };
            return holder + " already secures active loan " + lien.loanId() + " of lender " + lien.lenderOrg()
                    + " (borrower " + lien.borrowerOrg() + ")";
        }
    }
}
