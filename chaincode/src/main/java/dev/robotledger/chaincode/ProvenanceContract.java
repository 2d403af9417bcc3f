package dev.robotledger.chaincode;

import dev.robotledger.chaincode.access.Caller;
import dev.robotledger.chaincode.bitcoin.BitcoinAnchorReport;
import dev.robotledger.chaincode.bitcoin.BitcoinAnchors;
import dev.robotledger.chaincode.collateral.BtcPriceReport;
import dev.robotledger.chaincode.collateral.BtcPrices;
import dev.robotledger.chaincode.collateral.Collateral;
import dev.robotledger.chaincode.collateral.CollateralVerification;
import dev.robotledger.chaincode.collateral.DisbursementReport;
import dev.robotledger.chaincode.collateral.LenderRelease;
import dev.robotledger.chaincode.collateral.LoanOfferRequest;
import dev.robotledger.chaincode.collateral.LoanReference;
import dev.robotledger.chaincode.collateral.LoanTerms;
import dev.robotledger.chaincode.collateral.OfferSubmission;
import dev.robotledger.chaincode.collateral.OfferWithdrawal;
import dev.robotledger.chaincode.collateral.PledgeRequest;
import dev.robotledger.chaincode.collateral.PledgeSubmission;
import dev.robotledger.chaincode.collateral.PreimageRelease;
import dev.robotledger.chaincode.custody.Custody;
import dev.robotledger.chaincode.custody.TransferDecision;
import dev.robotledger.chaincode.custody.TransferProposal;
import dev.robotledger.chaincode.good.AssemblyReport;
import dev.robotledger.chaincode.good.Goods;
import dev.robotledger.chaincode.good.Manufacturing;
import dev.robotledger.chaincode.good.ProductionReport;
import dev.robotledger.chaincode.ledger.Fields;
import dev.robotledger.chaincode.ledger.IdempotentWrites;
import dev.robotledger.chaincode.ledger.Json;
import dev.robotledger.chaincode.ledger.WorldState;
import dev.robotledger.chaincode.ledger.WriteOutcome;
import dev.robotledger.chaincode.provenance.ProvenanceQueries;
import dev.robotledger.chaincode.quality.DispositionRequest;
import dev.robotledger.chaincode.quality.QualityCheckReport;
import dev.robotledger.chaincode.quality.QualityControl;
import dev.robotledger.chaincode.recall.RecallGoodRequest;
import dev.robotledger.chaincode.recall.RecallRobotOutputRequest;
import dev.robotledger.chaincode.recall.Recalls;
import dev.robotledger.chaincode.robot.RobotRegistration;
import dev.robotledger.chaincode.robot.RobotRegistry;
import dev.robotledger.chaincode.robot.RobotRevocation;
import dev.robotledger.chaincode.telemetry.AnchorReport;
import dev.robotledger.chaincode.telemetry.Anchors;
import dev.robotledger.contract.ContractTransaction.Names;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Default;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;

/**
 * The provenance ledger of robot-made goods: the channel's one contract and its transaction
 * surface. Every write takes a caller-chosen event id and a JSON request, is idempotent by that
 * id, checks the calling org (see chaincode/README.md for the matrix), validates everything before
 * its first write, emits exactly one chaincode event and returns the written entity as JSON.
 * Refusals are {@code ChaincodeException}s in the contract API's {@code Refusal} format
 * ({@code CODE: detail}), with the {@code ErrorCode} name as payload too. Transaction names come
 * from the contract API's {@code ContractTransaction}.
 *
 * <p>Example (peer CLI): {@code peer chaincode invoke -c
 * '{"function":"RegisterRobot","Args":["evt-1","{\"robotId\":\"r1\",...}"]}'}
 */
@Contract(name = "provenance", info = @Info(title = "Robot provenance ledger", version = "0.1.0"))
@Default
public final class ProvenanceContract implements ContractInterface {

    private final RobotRegistry robots = new RobotRegistry();
    private final Goods goods = new Goods();
    private final BtcPrices prices = new BtcPrices();
    private final Collateral collateral = new Collateral(goods, prices);
    private final Manufacturing manufacturing = new Manufacturing(robots, goods, collateral);
    private final QualityControl quality = new QualityControl(robots, goods, collateral);
    private final Custody custody = new Custody(goods, collateral);
    private final Anchors anchors = new Anchors(robots);
    private final Recalls recalls = new Recalls(robots, goods, collateral);
    private final ProvenanceQueries provenance = new ProvenanceQueries(robots, goods);
    private final CollateralVerification verification = new CollateralVerification(robots, goods, anchors, collateral);
    private final BitcoinAnchors bitcoinAnchors = new BitcoinAnchors();

    /** Enrols a robot of the calling manufacturer; request: {@code RobotRegistration}. */
    @Transaction(name = Names.REGISTER_ROBOT, intent = Transaction.TYPE.SUBMIT)
    public String registerRobot(Context ctx, String eventId, String request) {
        return write(
                ctx,
                Names.REGISTER_ROBOT,
                eventId,
                request,
                RobotRegistration.class,
                (state, caller, id, registration) -> robots.register(state, caller, registration));
    }

    /** Revokes one of the caller's robots; request: {@code RobotRevocation}. */
    @Transaction(name = Names.REVOKE_ROBOT, intent = Transaction.TYPE.SUBMIT)
    public String revokeRobot(Context ctx, String eventId, String request) {
        return write(
                ctx,
                Names.REVOKE_ROBOT,
                eventId,
                request,
                RobotRevocation.class,
                (state, caller, id, revocation) -> robots.revoke(state, caller, revocation));
    }

    /** Records a good made by one of the caller's active robots; request: {@code ProductionReport}. */
    @Transaction(name = Names.RECORD_PRODUCTION, intent = Transaction.TYPE.SUBMIT)
    public String recordProduction(Context ctx, String eventId, String request) {
        return write(ctx, Names.RECORD_PRODUCTION, eventId, request, ProductionReport.class, manufacturing::produce);
    }

    /** Records a product assembled from parts the caller holds; request: {@code AssemblyReport}. */
    @Transaction(name = Names.ASSEMBLE_PRODUCT, intent = Transaction.TYPE.SUBMIT)
    public String assembleProduct(Context ctx, String eventId, String request) {
        return write(ctx, Names.ASSEMBLE_PRODUCT, eventId, request, AssemblyReport.class, manufacturing::assemble);
    }

    /** Records an inspection by the good's custodian; FAIL quarantines; request: {@code QualityCheckReport}. */
    @Transaction(name = Names.RECORD_QUALITY_CHECK, intent = Transaction.TYPE.SUBMIT)
    public String recordQualityCheck(Context ctx, String eventId, String request) {
        return write(ctx, Names.RECORD_QUALITY_CHECK, eventId, request, QualityCheckReport.class, quality::record);
    }

    /**
     * The custodian's operator releases a quarantined good (ACTIVE again) or scraps it, recorded
     * with who and why; request: {@code DispositionRequest}.
     */
    @Transaction(name = Names.DISPOSE_QUARANTINED, intent = Transaction.TYPE.SUBMIT)
    public String disposeQuarantined(Context ctx, String eventId, String request) {
        return write(ctx, Names.DISPOSE_QUARANTINED, eventId, request, DispositionRequest.class, quality::dispose);
    }

    /** The custodian offers a good to another org; request: {@code TransferProposal}. */
    @Transaction(name = Names.PROPOSE_TRANSFER, intent = Transaction.TYPE.SUBMIT)
    public String proposeTransfer(Context ctx, String eventId, String request) {
        return write(ctx, Names.PROPOSE_TRANSFER, eventId, request, TransferProposal.class, custody::propose);
    }

    /** The receiving org takes custody; request: {@code TransferDecision}. */
    @Transaction(name = Names.ACCEPT_TRANSFER, intent = Transaction.TYPE.SUBMIT)
    public String acceptTransfer(Context ctx, String eventId, String request) {
        return write(ctx, Names.ACCEPT_TRANSFER, eventId, request, TransferDecision.class, custody::accept);
    }

    /** The receiving org declines; request: {@code TransferDecision}. */
    @Transaction(name = Names.REJECT_TRANSFER, intent = Transaction.TYPE.SUBMIT)
    public String rejectTransfer(Context ctx, String eventId, String request) {
        return write(ctx, Names.REJECT_TRANSFER, eventId, request, TransferDecision.class, custody::reject);
    }

    /** The custodian withdraws its pending offer; request: {@code TransferDecision}. */
    @Transaction(name = Names.CANCEL_TRANSFER, intent = Transaction.TYPE.SUBMIT)
    public String cancelTransfer(Context ctx, String eventId, String request) {
        return write(ctx, Names.CANCEL_TRANSFER, eventId, request, TransferDecision.class, custody::cancel);
    }

    /** Anchors the Merkle root of a telemetry batch; request: {@code AnchorReport}. */
    @Transaction(name = Names.RECORD_ANCHOR, intent = Transaction.TYPE.SUBMIT)
    public String recordAnchor(Context ctx, String eventId, String request) {
        return write(
                ctx,
                Names.RECORD_ANCHOR,
                eventId,
                request,
                AnchorReport.class,
                (state, caller, id, report) -> anchors.record(state, caller, report));
    }

    /** Recalls a good and every product containing it; request: {@code RecallGoodRequest}. */
    @Transaction(name = Names.RECALL_GOOD, intent = Transaction.TYPE.SUBMIT)
    public String recallGood(Context ctx, String eventId, String request) {
        return write(ctx, Names.RECALL_GOOD, eventId, request, RecallGoodRequest.class, recalls::recallGood);
    }

    /** Recalls a robot's output over a time window; request: {@code RecallRobotOutputRequest}. */
    @Transaction(name = Names.RECALL_ROBOT_OUTPUT, intent = Transaction.TYPE.SUBMIT)
    public String recallRobotOutput(Context ctx, String eventId, String request) {
        return write(
                ctx,
                Names.RECALL_ROBOT_OUTPUT,
                eventId,
                request,
                RecallRobotOutputRequest.class,
                recalls::recallRobotOutput);
    }

    /**
     * A lender offers to fund one pledge; request: {@code LoanOfferRequest}, loan terms as transient
     * data under {@code loanTerms} ({@code LoanTerms}), of which the offer keeps the SHA-256.
     */
    @Transaction(name = Names.OFFER_LOAN, intent = Transaction.TYPE.SUBMIT)
    public String offerLoan(Context ctx, String eventId, String request) {
        Caller caller = Caller.of(ctx);
        LoanOfferRequest offer = Json.readRequest(request, LoanOfferRequest.class);
        WorldState state = new WorldState(ctx.getStub());
        LoanTerms terms = collateral.termsFrom(state, offer.pledge().loanId());
        return IdempotentWrites.execute(
                state,
                caller,
                Names.OFFER_LOAN,
                eventId,
                new OfferSubmission(offer, Collateral.termsSha256(terms)),
                () -> collateral.offer(state, caller, eventId, offer, terms));
    }

    /** The lender takes back an open offer; request: {@code OfferWithdrawal}. */
    @Transaction(name = Names.WITHDRAW_LOAN_OFFER, intent = Transaction.TYPE.SUBMIT)
    public String withdrawLoanOffer(Context ctx, String eventId, String request) {
        return write(
                ctx, Names.WITHDRAW_LOAN_OFFER, eventId, request, OfferWithdrawal.class, collateral::withdrawOffer);
    }

    /**
     * The custodian pledges a good to a lender, accepting the lender's open offer of exactly this
     * request and these terms; request: {@code PledgeRequest}, loan terms as transient data under
     * {@code loanTerms} ({@code LoanTerms}), stored in the pair's private collection. The good's key
     * then needs both orgs' peers to endorse any change.
     */
    @Transaction(name = Names.PLEDGE_GOOD, intent = Transaction.TYPE.SUBMIT)
    public String pledgeGood(Context ctx, String eventId, String request) {
        Caller caller = Caller.of(ctx);
        PledgeRequest pledge = Json.readRequest(request, PledgeRequest.class);
        WorldState state = new WorldState(ctx.getStub());
        LoanTerms terms = collateral.termsFrom(state, pledge.loanId());
        return IdempotentWrites.execute(
                state,
                caller,
                Names.PLEDGE_GOOD,
                eventId,
                new PledgeSubmission(pledge, Collateral.termsSha256(terms)),
                () -> collateral.pledge(state, caller, eventId, pledge, terms));
    }

    /** The oracle org records the price of one BTC in a fiat currency; request: {@code BtcPriceReport}. */
    @Transaction(name = Names.RECORD_BTC_PRICE, intent = Transaction.TYPE.SUBMIT)
    public String recordBtcPrice(Context ctx, String eventId, String request) {
        return write(
                ctx,
                Names.RECORD_BTC_PRICE,
                eventId,
                request,
                BtcPriceReport.class,
                (state, caller, id, report) -> prices.record(state, caller, report));
    }

    /** Any org values a loan at the latest recorded price and flags a margin call or liquidation; request: {@code LoanReference}. */
    @Transaction(name = Names.CHECK_MARGIN, intent = Transaction.TYPE.SUBMIT)
    public String checkMargin(Context ctx, String eventId, String request) {
        return write(ctx, Names.CHECK_MARGIN, eventId, request, LoanReference.class, collateral::checkMargin);
    }

    /** The lender records the Lightning payment of the principal on the lien; request: {@code DisbursementReport}. */
    @Transaction(name = Names.RECORD_DISBURSEMENT, intent = Transaction.TYPE.SUBMIT)
    public String recordDisbursement(Context ctx, String eventId, String request) {
        return write(
                ctx,
                Names.RECORD_DISBURSEMENT,
                eventId,
                request,
                DisbursementReport.class,
                collateral::recordDisbursement);
    }

    /** Anyone with the Lightning preimage of the payment hash releases the lien; request: {@code PreimageRelease}. */
    @Transaction(name = Names.RELEASE_WITH_PREIMAGE, intent = Transaction.TYPE.SUBMIT)
    public String releaseWithPreimage(Context ctx, String eventId, String request) {
        return write(
                ctx,
                Names.RELEASE_WITH_PREIMAGE,
                eventId,
                request,
                PreimageRelease.class,
                collateral::releaseWithPreimage);
    }

    /** The lender releases its lien; request: {@code LenderRelease}. */
    @Transaction(name = Names.RELEASE_BY_LENDER, intent = Transaction.TYPE.SUBMIT)
    public String releaseByLender(Context ctx, String eventId, String request) {
        return write(ctx, Names.RELEASE_BY_LENDER, eventId, request, LenderRelease.class, collateral::releaseByLender);
    }

    /** The lender takes custody of the good of a LIQUIDATABLE loan; request: {@code LoanReference}. */
    @Transaction(name = Names.LIQUIDATE, intent = Transaction.TYPE.SUBMIT)
    public String liquidate(Context ctx, String eventId, String request) {
        return write(ctx, Names.LIQUIDATE, eventId, request, LoanReference.class, collateral::liquidate);
    }

    /**
     * The operator records a Fabric block anchored in a mined Bitcoin transaction, with the proof
     * (header, raw transaction, merkle path) checked here; request: {@code BitcoinAnchorReport}.
     */
    @Transaction(name = Names.RECORD_BITCOIN_ANCHOR, intent = Transaction.TYPE.SUBMIT)
    public String recordBitcoinAnchor(Context ctx, String eventId, String request) {
        return write(
                ctx,
                Names.RECORD_BITCOIN_ANCHOR,
                eventId,
                request,
                BitcoinAnchorReport.class,
                (state, caller, id, report) -> bitcoinAnchors.record(state, caller, report));
    }

    /** A robot by id, with its public key and status. */
    @Transaction(name = Names.GET_ROBOT, intent = Transaction.TYPE.EVALUATE)
    public String getRobot(Context ctx, String robotId) {
        Fields.requireId("robotId", robotId, 64);
        return Json.write(robots.get(new WorldState(ctx.getStub()), robotId));
    }

    /** A good by id: production, parts, parent, custodian, status, checks, custody history. */
    @Transaction(name = Names.GET_GOOD, intent = Transaction.TYPE.EVALUATE)
    public String getGood(Context ctx, String goodId) {
        Fields.requireGoodId("goodId", goodId);
        return Json.write(goods.get(new WorldState(ctx.getStub()), goodId));
    }

    /** The tree of parts under a good, refused with PROVENANCE_TOO_LARGE beyond the bounds. */
    @Transaction(name = Names.GET_PROVENANCE, intent = Transaction.TYPE.EVALUATE)
    public String getProvenance(Context ctx, String goodId, int maxDepth, int maxNodes) {
        Fields.requireGoodId("goodId", goodId);
        return Json.write(provenance.provenance(new WorldState(ctx.getStub()), goodId, maxDepth, maxNodes));
    }

    /** Every committed version of a good, newest first. */
    @Transaction(name = Names.GET_GOOD_HISTORY, intent = Transaction.TYPE.EVALUATE)
    public String getGoodHistory(Context ctx, String goodId) {
        Fields.requireGoodId("goodId", goodId);
        return Json.write(provenance.history(new WorldState(ctx.getStub()), goodId));
    }

    /** The products that contain a good, from its direct parent up to the outermost product. */
    @Transaction(name = Names.WHERE_USED, intent = Transaction.TYPE.EVALUATE)
    public String whereUsed(Context ctx, String goodId) {
        Fields.requireGoodId("goodId", goodId);
        return Json.write(recalls.whereUsed(new WorldState(ctx.getStub()), goodId));
    }

    /** Goods a robot produced in [from, to] epoch millis, oldest first. */
    @Transaction(name = Names.GOODS_BY_ROBOT, intent = Transaction.TYPE.EVALUATE)
    public String goodsByRobot(Context ctx, String robotId, long fromEpochMillis, long toEpochMillis) {
        Fields.requireId("robotId", robotId, 64);
        WorldState state = new WorldState(ctx.getStub());
        robots.get(state, robotId);
        return Json.write(goods.producedBy(state, robotId, fromEpochMillis, toEpochMillis));
    }

    /** The telemetry anchor of a batch. */
    @Transaction(name = Names.GET_ANCHOR, intent = Transaction.TYPE.EVALUATE)
    public String getAnchor(Context ctx, String batchId) {
        Fields.requireId("batchId", batchId, Fields.MAX_ID_LENGTH);
        return Json.write(anchors.get(new WorldState(ctx.getStub()), batchId));
    }

    /** A recall by its event id, with every good it marked. */
    @Transaction(name = Names.GET_RECALL, intent = Transaction.TYPE.EVALUATE)
    public String getRecall(Context ctx, String recallId) {
        Fields.requireId("recallId", recallId, Fields.MAX_ID_LENGTH);
        return Json.write(recalls.get(new WorldState(ctx.getStub()), recallId));
    }

    /** A lien by loan id: parties, amounts, thresholds, status, flags, how it closed. */
    @Transaction(name = Names.GET_LIEN, intent = Transaction.TYPE.EVALUATE)
    public String getLien(Context ctx, String loanId) {
        Fields.requireId("loanId", loanId, Fields.MAX_ID_LENGTH);
        return Json.write(collateral.get(new WorldState(ctx.getStub()), loanId));
    }

    /** A loan valued at the latest recorded BTC price: LTV, margin left, OK / MARGIN_CALL / LIQUIDATABLE. */
    @Transaction(name = Names.EVALUATE_LOAN, intent = Transaction.TYPE.EVALUATE)
    public String evaluateLoan(Context ctx, String loanId) {
        Fields.requireId("loanId", loanId, Fields.MAX_ID_LENGTH);
        return Json.write(collateral.evaluate(new WorldState(ctx.getStub()), loanId));
    }

    /** A loan offer by loan id: the offered pledge, the borrower, expiry, status and how it closed. */
    @Transaction(name = Names.GET_LOAN_OFFER, intent = Transaction.TYPE.EVALUATE)
    public String getLoanOffer(Context ctx, String loanId) {
        Fields.requireId("loanId", loanId, Fields.MAX_ID_LENGTH);
        return Json.write(collateral.offer(new WorldState(ctx.getStub()), loanId));
    }

    /** Every loan offer made to a borrower org, by loan id, whatever its status. */
    @Transaction(name = Names.LOAN_OFFERS_TO_BORROWER, intent = Transaction.TYPE.EVALUATE)
    public String loanOffersToBorrower(Context ctx, String borrowerMspId) {
        Fields.requireId("borrowerMspId", borrowerMspId, 64);
        return Json.write(collateral.offersTo(new WorldState(ctx.getStub()), borrowerMspId));
    }

    /** Every lien a lender org holds, by loan id. */
    @Transaction(name = Names.LOANS_BY_LENDER, intent = Transaction.TYPE.EVALUATE)
    public String loansByLender(Context ctx, String lenderMspId) {
        Fields.requireId("lenderMspId", lenderMspId, 64);
        return Json.write(collateral.byLender(new WorldState(ctx.getStub()), lenderMspId));
    }

    /** Every lien a borrower org granted, by loan id. */
    @Transaction(name = Names.LOANS_BY_BORROWER, intent = Transaction.TYPE.EVALUATE)
    public String loansByBorrower(Context ctx, String borrowerMspId) {
        Fields.requireId("borrowerMspId", borrowerMspId, 64);
        return Json.write(collateral.byBorrower(new WorldState(ctx.getStub()), borrowerMspId));
    }

    /**
     * The private terms of a loan; only its borrower and lender may read them, on their own
     * peers. The SHA-256 of the returned JSON equals the lien's {@code termsSha256}.
     */
    @Transaction(name = Names.GET_LOAN_TERMS, intent = Transaction.TYPE.EVALUATE)
    public String getLoanTerms(Context ctx, String loanId) {
        Fields.requireId("loanId", loanId, Fields.MAX_ID_LENGTH);
        String callerMspId = ctx.getClientIdentity().getMSPID();
        return Json.write(collateral.terms(new WorldState(ctx.getStub()), callerMspId, loanId));
    }

    /** The active liens on a good, on a product containing it, or on a part inside it. */
    @Transaction(name = Names.GET_ENCUMBRANCE, intent = Transaction.TYPE.EVALUATE)
    public String getEncumbrance(Context ctx, String goodId) {
        Fields.requireGoodId("goodId", goodId);
        return Json.write(collateral.encumbrance(new WorldState(ctx.getStub()), goodId));
    }

    /**
     * The lender's verification of a good offered as collateral, over its whole component tree:
     * provenance complete to raw parts, robots genuine, quality passed, custody unbroken, nothing
     * recalled, no active lien around it, telemetry anchors on the ledger. Returns one verdict,
     * ELIGIBLE or NOT_ELIGIBLE, with every reason against it; any member of the channel may ask.
     *
     * <p>Example (peer CLI): {@code peer chaincode query -c '{"function":"VerifyCollateral","Args":["g-42"]}'}
     */
    @Transaction(name = Names.VERIFY_COLLATERAL, intent = Transaction.TYPE.EVALUATE)
    public String verifyCollateral(Context ctx, String goodId) {
        Fields.requireGoodId("goodId", goodId);
        return Json.write(verification.verify(new WorldState(ctx.getStub()), goodId));
    }

    /** A recorded BTC price by id. */
    @Transaction(name = Names.GET_BTC_PRICE, intent = Transaction.TYPE.EVALUATE)
    public String getBtcPrice(Context ctx, String priceId) {
        Fields.requireId("priceId", priceId, Fields.MAX_ID_LENGTH);
        return Json.write(prices.get(new WorldState(ctx.getStub()), priceId));
    }

    /** The latest BTC price recorded in a currency, refused when none is younger than a day. */
    @Transaction(name = Names.LATEST_BTC_PRICE, intent = Transaction.TYPE.EVALUATE)
    public String latestBtcPrice(Context ctx, String currency) {
        Fields.requireId("currency", currency, 3);
        return Json.write(prices.latest(new WorldState(ctx.getStub()), currency));
    }

    /** The Bitcoin anchor of a Fabric block, refused with BITCOIN_ANCHOR_NOT_FOUND when it has none. */
    @Transaction(name = Names.GET_BITCOIN_ANCHOR, intent = Transaction.TYPE.EVALUATE)
    public String getBitcoinAnchor(Context ctx, long fabricBlockNumber) {
        return Json.write(bitcoinAnchors.get(new WorldState(ctx.getStub()), fabricBlockNumber));
    }

    private static <T> String write(
            Context ctx,
            String function,
            String eventId,
            String requestJson,
            Class<T> requestType,
            Operation<T> operation) {
        Caller caller = Caller.of(ctx);
        T request = Json.readRequest(requestJson, requestType);
        WorldState state = new WorldState(ctx.getStub());
        return IdempotentWrites.execute(
                state, caller, function, eventId, request, () -> operation.apply(state, caller, eventId, request));
    }

    @FunctionalInterface
    private interface Operation<T> {
        WriteOutcome apply(WorldState state, Caller caller, String eventId, T request);
    }
}
