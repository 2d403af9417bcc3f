package dev.robotledger.chaincode;

import dev.robotledger.chaincode.access.Caller;
import dev.robotledger.chaincode.collateral.BtcPriceReport;
import dev.robotledger.chaincode.collateral.BtcPrices;
import dev.robotledger.chaincode.collateral.Collateral;
import dev.robotledger.chaincode.collateral.CollateralVerification;
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
 * Refusals are {@code ChaincodeException}s whose payload is an {@code ErrorCode} name.
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
    private final QualityControl quality = new QualityControl(goods, collateral);
    private final Custody custody = new Custody(goods, collateral);
    private final Anchors anchors = new Anchors(robots);
    private final Recalls recalls = new Recalls(robots, goods, collateral);
    private final ProvenanceQueries provenance = new ProvenanceQueries(robots, goods);
    private final CollateralVerification verification = new CollateralVerification(robots, goods, anchors, collateral);

    /** Enrols a robot of the calling manufacturer; request: {@code RobotRegistration}. */
    @Transaction(name = "RegisterRobot", intent = Transaction.TYPE.SUBMIT)
    public String registerRobot(Context ctx, String eventId, String request) {
        return write(ctx, "RegisterRobot", eventId, request, RobotRegistration.class,
                (state, caller, id, registration) -> robots.register(state, caller, registration));
    }

    /** Revokes one of the caller's robots; request: {@code RobotRevocation}. */
    @Transaction(name = "RevokeRobot", intent = Transaction.TYPE.SUBMIT)
    public String revokeRobot(Context ctx, String eventId, String request) {
        return write(ctx, "RevokeRobot", eventId, request, RobotRevocation.class,
                (state, caller, id, revocation) -> robots.revoke(state, caller, revocation));
    }

    /** Records a good made by one of the caller's active robots; request: {@code ProductionReport}. */
    @Transaction(name = "RecordProduction", intent = Transaction.TYPE.SUBMIT)
    public String recordProduction(Context ctx, String eventId, String request) {
        return write(ctx, "RecordProduction", eventId, request, ProductionReport.class, manufacturing::produce);
    }

    /** Records a product assembled from parts the caller holds; request: {@code AssemblyReport}. */
    @Transaction(name = "AssembleProduct", intent = Transaction.TYPE.SUBMIT)
    public String assembleProduct(Context ctx, String eventId, String request) {
        return write(ctx, "AssembleProduct", eventId, request, AssemblyReport.class, manufacturing::assemble);
    }

    /** Records an inspection by the good's custodian; FAIL quarantines; request: {@code QualityCheckReport}. */
    @Transaction(name = "RecordQualityCheck", intent = Transaction.TYPE.SUBMIT)
    public String recordQualityCheck(Context ctx, String eventId, String request) {
        return write(ctx, "RecordQualityCheck", eventId, request, QualityCheckReport.class, quality::record);
    }

    /** The custodian offers a good to another org; request: {@code TransferProposal}. */
    @Transaction(name = "ProposeTransfer", intent = Transaction.TYPE.SUBMIT)
    public String proposeTransfer(Context ctx, String eventId, String request) {
        return write(ctx, "ProposeTransfer", eventId, request, TransferProposal.class, custody::propose);
    }

    /** The receiving org takes custody; request: {@code TransferDecision}. */
    @Transaction(name = "AcceptTransfer", intent = Transaction.TYPE.SUBMIT)
    public String acceptTransfer(Context ctx, String eventId, String request) {
        return write(ctx, "AcceptTransfer", eventId, request, TransferDecision.class, custody::accept);
    }

    /** The receiving org declines; request: {@code TransferDecision}. */
    @Transaction(name = "RejectTransfer", intent = Transaction.TYPE.SUBMIT)
    public String rejectTransfer(Context ctx, String eventId, String request) {
        return write(ctx, "RejectTransfer", eventId, request, TransferDecision.class, custody::reject);
    }

    /** The custodian withdraws its pending offer; request: {@code TransferDecision}. */
    @Transaction(name = "CancelTransfer", intent = Transaction.TYPE.SUBMIT)
    public String cancelTransfer(Context ctx, String eventId, String request) {
        return write(ctx, "CancelTransfer", eventId, request, TransferDecision.class, custody::cancel);
    }

    /** Anchors the Merkle root of a telemetry batch; request: {@code AnchorReport}. */
    @Transaction(name = "RecordAnchor", intent = Transaction.TYPE.SUBMIT)
    public String recordAnchor(Context ctx, String eventId, String request) {
        return write(ctx, "RecordAnchor", eventId, request, AnchorReport.class,
                (state, caller, id, report) -> anchors.record(state, caller, report));
    }

    /** Recalls a good and every product containing it; request: {@code RecallGoodRequest}. */
    @Transaction(name = "RecallGood", intent = Transaction.TYPE.SUBMIT)
    public String recallGood(Context ctx, String eventId, String request) {
        return write(ctx, "RecallGood", eventId, request, RecallGoodRequest.class, recalls::recallGood);
    }

    /** Recalls a robot's output over a time window; request: {@code RecallRobotOutputRequest}. */
    @Transaction(name = "RecallRobotOutput", intent = Transaction.TYPE.SUBMIT)
    public String recallRobotOutput(Context ctx, String eventId, String request) {
        return write(ctx, "RecallRobotOutput", eventId, request, RecallRobotOutputRequest.class,
                recalls::recallRobotOutput);
    }

    /**
     * A lender offers to fund one pledge; request: {@code LoanOfferRequest}, loan terms as transient
     * data under {@code loanTerms} ({@code LoanTerms}), of which the offer keeps the SHA-256.
     */
    @Transaction(name = "OfferLoan", intent = Transaction.TYPE.SUBMIT)
    public String offerLoan(Context ctx, String eventId, String request) {
        Caller caller = Caller.of(ctx);
        LoanOfferRequest offer = Json.readRequest(request, LoanOfferRequest.class);
        WorldState state = new WorldState(ctx.getStub());
        LoanTerms terms = collateral.termsFrom(state, offer.pledge().loanId());
        return IdempotentWrites.execute(state, caller, "OfferLoan", eventId,
                new OfferSubmission(offer, Collateral.termsSha256(terms)),
                () -> collateral.offer(state, caller, eventId, offer, terms));
    }

    /** The lender takes back an open offer; request: {@code OfferWithdrawal}. */
    @Transaction(name = "WithdrawLoanOffer", intent = Transaction.TYPE.SUBMIT)
    public String withdrawLoanOffer(Context ctx, String eventId, String request) {
        return write(ctx, "WithdrawLoanOffer", eventId, request, OfferWithdrawal.class, collateral::withdrawOffer);
    }

    /**
     * The custodian pledges a good to a lender, accepting the lender's open offer of exactly this
     * request and these terms; request: {@code PledgeRequest}, loan terms as transient data under
     * {@code loanTerms} ({@code LoanTerms}), stored in the pair's private collection. The good's key
     * then needs both orgs' peers to endorse any change.
     */
    @Transaction(name = "PledgeGood", intent = Transaction.TYPE.SUBMIT)
    public String pledgeGood(Context ctx, String eventId, String request) {
        Caller caller = Caller.of(ctx);
        PledgeRequest pledge = Json.readRequest(request, PledgeRequest.class);
        WorldState state = new WorldState(ctx.getStub());
        LoanTerms terms = collateral.termsFrom(state, pledge.loanId());
        return IdempotentWrites.execute(state, caller, "PledgeGood", eventId,
                new PledgeSubmission(pledge, Collateral.termsSha256(terms)),
                () -> collateral.pledge(state, caller, eventId, pledge, terms));
    }

    /** The oracle org records the price of one BTC in a fiat currency; request: {@code BtcPriceReport}. */
    @Transaction(name = "RecordBtcPrice", intent = Transaction.TYPE.SUBMIT)
    public String recordBtcPrice(Context ctx, String eventId, String request) {
        return write(ctx, "RecordBtcPrice", eventId, request, BtcPriceReport.class,
                (state, caller, id, report) -> prices.record(state, caller, report));
    }

    /** Any org values a loan at the latest recorded price and flags a margin call or liquidation; request: {@code LoanReference}. */
    @Transaction(name = "CheckMargin", intent = Transaction.TYPE.SUBMIT)
    public String checkMargin(Context ctx, String eventId, String request) {
        return write(ctx, "CheckMargin", eventId, request, LoanReference.class, collateral::checkMargin);
    }

    /** Anyone with the Lightning preimage of the payment hash releases the lien; request: {@code PreimageRelease}. */
    @Transaction(name = "ReleaseWithPreimage", intent = Transaction.TYPE.SUBMIT)
    public String releaseWithPreimage(Context ctx, String eventId, String request) {
        return write(ctx, "ReleaseWithPreimage", eventId, request, PreimageRelease.class,
                collateral::releaseWithPreimage);
    }

    /** The lender releases its lien; request: {@code LenderRelease}. */
    @Transaction(name = "ReleaseByLender", intent = Transaction.TYPE.SUBMIT)
    public String releaseByLender(Context ctx, String eventId, String request) {
        return write(ctx, "ReleaseByLender", eventId, request, LenderRelease.class, collateral::releaseByLender);
    }

    /** The lender takes custody of the good of a LIQUIDATABLE loan; request: {@code LoanReference}. */
    @Transaction(name = "Liquidate", intent = Transaction.TYPE.SUBMIT)
    public String liquidate(Context ctx, String eventId, String request) {
        return write(ctx, "Liquidate", eventId, request, LoanReference.class, collateral::liquidate);
    }

    /** A robot by id, with its public key and status. */
    @Transaction(name = "GetRobot", intent = Transaction.TYPE.EVALUATE)
    public String getRobot(Context ctx, String robotId) {
        Fields.requireId("robotId", robotId, 64);
        return Json.write(robots.get(new WorldState(ctx.getStub()), robotId));
    }

    /** A good by id: production, parts, parent, custodian, status, checks, custody history. */
    @Transaction(name = "GetGood", intent = Transaction.TYPE.EVALUATE)
    public String getGood(Context ctx, String goodId) {
        Fields.requireGoodId("goodId", goodId);
        return Json.write(goods.get(new WorldState(ctx.getStub()), goodId));
    }

    /** The tree of parts under a good, refused with PROVENANCE_TOO_LARGE beyond the bounds. */
    @Transaction(name = "GetProvenance", intent = Transaction.TYPE.EVALUATE)
    public String getProvenance(Context ctx, String goodId, int maxDepth, int maxNodes) {
        Fields.requireGoodId("goodId", goodId);
        return Json.write(provenance.provenance(new WorldState(ctx.getStub()), goodId, maxDepth, maxNodes));
    }

    /** Every committed version of a good, newest first. */
    @Transaction(name = "GetGoodHistory", intent = Transaction.TYPE.EVALUATE)
    public String getGoodHistory(Context ctx, String goodId) {
        Fields.requireGoodId("goodId", goodId);
        return Json.write(provenance.history(new WorldState(ctx.getStub()), goodId));
    }

    /** The products that contain a good, from its direct parent up to the outermost product. */
    @Transaction(name = "WhereUsed", intent = Transaction.TYPE.EVALUATE)
    public String whereUsed(Context ctx, String goodId) {
        Fields.requireGoodId("goodId", goodId);
        return Json.write(recalls.whereUsed(new WorldState(ctx.getStub()), goodId));
    }

    /** Goods a robot produced in [from, to] epoch millis, oldest first. */
    @Transaction(name = "GoodsByRobot", intent = Transaction.TYPE.EVALUATE)
    public String goodsByRobot(Context ctx, String robotId, long fromEpochMillis, long toEpochMillis) {
        Fields.requireId("robotId", robotId, 64);
        WorldState state = new WorldState(ctx.getStub());
        robots.get(state, robotId);
        return Json.write(goods.producedBy(state, robotId, fromEpochMillis, toEpochMillis));
    }

    /** The telemetry anchor of a batch. */
    @Transaction(name = "GetAnchor", intent = Transaction.TYPE.EVALUATE)
    public String getAnchor(Context ctx, String batchId) {
        Fields.requireId("batchId", batchId, Fields.MAX_ID_LENGTH);
        return Json.write(anchors.get(new WorldState(ctx.getStub()), batchId));
    }

    /** A recall by its event id, with every good it marked. */
    @Transaction(name = "GetRecall", intent = Transaction.TYPE.EVALUATE)
    public String getRecall(Context ctx, String recallId) {
        Fields.requireId("recallId", recallId, Fields.MAX_ID_LENGTH);
        return Json.write(recalls.get(new WorldState(ctx.getStub()), recallId));
    }

    /** A lien by loan id: parties, amounts, thresholds, status, flags, how it closed. */
    @Transaction(name = "GetLien", intent = Transaction.TYPE.EVALUATE)
    public String getLien(Context ctx, String loanId) {
        Fields.requireId("loanId", loanId, Fields.MAX_ID_LENGTH);
        return Json.write(collateral.get(new WorldState(ctx.getStub()), loanId));
    }

    /** A loan valued at the latest recorded BTC price: LTV, margin left, OK / MARGIN_CALL / LIQUIDATABLE. */
    @Transaction(name = "EvaluateLoan", intent = Transaction.TYPE.EVALUATE)
    public String evaluateLoan(Context ctx, String loanId) {
        Fields.requireId("loanId", loanId, Fields.MAX_ID_LENGTH);
        return Json.write(collateral.evaluate(new WorldState(ctx.getStub()), loanId));
    }

    /** A loan offer by loan id: the offered pledge, the borrower, expiry, status and how it closed. */
    @Transaction(name = "GetLoanOffer", intent = Transaction.TYPE.EVALUATE)
    public String getLoanOffer(Context ctx, String loanId) {
        Fields.requireId("loanId", loanId, Fields.MAX_ID_LENGTH);
        return Json.write(collateral.offer(new WorldState(ctx.getStub()), loanId));
    }

    /** Every loan offer made to a borrower org, by loan id, whatever its status. */
    @Transaction(name = "LoanOffersToBorrower", intent = Transaction.TYPE.EVALUATE)
    public String loanOffersToBorrower(Context ctx, String borrowerMspId) {
        Fields.requireId("borrowerMspId", borrowerMspId, 64);
        return Json.write(collateral.offersTo(new WorldState(ctx.getStub()), borrowerMspId));
    }

    /** Every lien a lender org holds, by loan id. */
    @Transaction(name = "LoansByLender", intent = Transaction.TYPE.EVALUATE)
    public String loansByLender(Context ctx, String lenderMspId) {
        Fields.requireId("lenderMspId", lenderMspId, 64);
        return Json.write(collateral.byLender(new WorldState(ctx.getStub()), lenderMspId));
    }

    /** Every lien a borrower org granted, by loan id. */
    @Transaction(name = "LoansByBorrower", intent = Transaction.TYPE.EVALUATE)
    public String loansByBorrower(Context ctx, String borrowerMspId) {
        Fields.requireId("borrowerMspId", borrowerMspId, 64);
        return Json.write(collateral.byBorrower(new WorldState(ctx.getStub()), borrowerMspId));
    }

    /**
     * The private terms of a loan; only its borrower and lender may read them, on their own
     * peers. The SHA-256 of the returned JSON equals the lien's {@code termsSha256}.
     */
    @Transaction(name = "GetLoanTerms", intent = Transaction.TYPE.EVALUATE)
    public String getLoanTerms(Context ctx, String loanId) {
        Fields.requireId("loanId", loanId, Fields.MAX_ID_LENGTH);
        String callerMspId = ctx.getClientIdentity().getMSPID();
        return Json.write(collateral.terms(new WorldState(ctx.getStub()), callerMspId, loanId));
    }

    /** The active liens on a good, on a product containing it, or on a part inside it. */
    @Transaction(name = "GetEncumbrance", intent = Transaction.TYPE.EVALUATE)
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
    @Transaction(name = "VerifyCollateral", intent = Transaction.TYPE.EVALUATE)
    public String verifyCollateral(Context ctx, String goodId) {
        Fields.requireGoodId("goodId", goodId);
        return Json.write(verification.verify(new WorldState(ctx.getStub()), goodId));
    }

    /** A recorded BTC price by id. */
    @Transaction(name = "GetBtcPrice", intent = Transaction.TYPE.EVALUATE)
    public String getBtcPrice(Context ctx, String priceId) {
        Fields.requireId("priceId", priceId, Fields.MAX_ID_LENGTH);
        return Json.write(prices.get(new WorldState(ctx.getStub()), priceId));
    }

    /** The latest BTC price recorded in a currency, refused when none is younger than a day. */
    @Transaction(name = "LatestBtcPrice", intent = Transaction.TYPE.EVALUATE)
    public String latestBtcPrice(Context ctx, String currency) {
        Fields.requireId("currency", currency, 3);
        return Json.write(prices.latest(new WorldState(ctx.getStub()), currency));
    }

    private static <T> String write(Context ctx, String function, String eventId, String requestJson,
            Class<T> requestType, Operation<T> operation) {
        Caller caller = Caller.of(ctx);
        T request = Json.readRequest(requestJson, requestType);
        WorldState state = new WorldState(ctx.getStub());
        return IdempotentWrites.execute(state, caller, function, eventId, request,
                () -> operation.apply(state, caller, eventId, request));
    }

    @FunctionalInterface
    private interface Operation<T> {
        WriteOutcome apply(WorldState state, Caller caller, String eventId, T request);
    }
}
