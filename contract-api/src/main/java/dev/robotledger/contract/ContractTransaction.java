package dev.robotledger.contract;

/**
 * Every transaction of the provenance contract, by the name a client proposes and the peer
 * routes on. The chaincode's {@code @Transaction} annotations take their names from
 * {@link Names} (annotation values must be compile-time constants); clients use the enum.
 */
public enum ContractTransaction {
    REGISTER_ROBOT(Names.REGISTER_ROBOT, Intent.SUBMIT),
    REVOKE_ROBOT(Names.REVOKE_ROBOT, Intent.SUBMIT),
    RECORD_PRODUCTION(Names.RECORD_PRODUCTION, Intent.SUBMIT),
    ASSEMBLE_PRODUCT(Names.ASSEMBLE_PRODUCT, Intent.SUBMIT),
    RECORD_QUALITY_CHECK(Names.RECORD_QUALITY_CHECK, Intent.SUBMIT),
    DISPOSE_QUARANTINED(Names.DISPOSE_QUARANTINED, Intent.SUBMIT),
    PROPOSE_TRANSFER(Names.PROPOSE_TRANSFER, Intent.SUBMIT),
    ACCEPT_TRANSFER(Names.ACCEPT_TRANSFER, Intent.SUBMIT),
    REJECT_TRANSFER(Names.REJECT_TRANSFER, Intent.SUBMIT),
    CANCEL_TRANSFER(Names.CANCEL_TRANSFER, Intent.SUBMIT),
    RECORD_ANCHOR(Names.RECORD_ANCHOR, Intent.SUBMIT),
    RECALL_GOOD(Names.RECALL_GOOD, Intent.SUBMIT),
    RECALL_ROBOT_OUTPUT(Names.RECALL_ROBOT_OUTPUT, Intent.SUBMIT),
    OFFER_LOAN(Names.OFFER_LOAN, Intent.SUBMIT),
    WITHDRAW_LOAN_OFFER(Names.WITHDRAW_LOAN_OFFER, Intent.SUBMIT),
    PLEDGE_GOOD(Names.PLEDGE_GOOD, Intent.SUBMIT),
    RECORD_BTC_PRICE(Names.RECORD_BTC_PRICE, Intent.SUBMIT),
    CHECK_MARGIN(Names.CHECK_MARGIN, Intent.SUBMIT),
    RECORD_DISBURSEMENT(Names.RECORD_DISBURSEMENT, Intent.SUBMIT),
    RELEASE_WITH_PREIMAGE(Names.RELEASE_WITH_PREIMAGE, Intent.SUBMIT),
    RELEASE_BY_LENDER(Names.RELEASE_BY_LENDER, Intent.SUBMIT),
    LIQUIDATE(Names.LIQUIDATE, Intent.SUBMIT),
    RECORD_BITCOIN_ANCHOR(Names.RECORD_BITCOIN_ANCHOR, Intent.SUBMIT),
    GET_ROBOT(Names.GET_ROBOT, Intent.EVALUATE),
    GET_GOOD(Names.GET_GOOD, Intent.EVALUATE),
    GET_PROVENANCE(Names.GET_PROVENANCE, Intent.EVALUATE),
    GET_GOOD_HISTORY(Names.GET_GOOD_HISTORY, Intent.EVALUATE),
    WHERE_USED(Names.WHERE_USED, Intent.EVALUATE),
    GOODS_BY_ROBOT(Names.GOODS_BY_ROBOT, Intent.EVALUATE),
    GET_ANCHOR(Names.GET_ANCHOR, Intent.EVALUATE),
    GET_RECALL(Names.GET_RECALL, Intent.EVALUATE),
    GET_LIEN(Names.GET_LIEN, Intent.EVALUATE),
    EVALUATE_LOAN(Names.EVALUATE_LOAN, Intent.EVALUATE),
    GET_LOAN_OFFER(Names.GET_LOAN_OFFER, Intent.EVALUATE),
    LOAN_OFFERS_TO_BORROWER(Names.LOAN_OFFERS_TO_BORROWER, Intent.EVALUATE),
    LOANS_BY_LENDER(Names.LOANS_BY_LENDER, Intent.EVALUATE),
    LOANS_BY_BORROWER(Names.LOANS_BY_BORROWER, Intent.EVALUATE),
    GET_LOAN_TERMS(Names.GET_LOAN_TERMS, Intent.EVALUATE),
    GET_ENCUMBRANCE(Names.GET_ENCUMBRANCE, Intent.EVALUATE),
    VERIFY_COLLATERAL(Names.VERIFY_COLLATERAL, Intent.EVALUATE),
    GET_BTC_PRICE(Names.GET_BTC_PRICE, Intent.EVALUATE),
    LATEST_BTC_PRICE(Names.LATEST_BTC_PRICE, Intent.EVALUATE),
    GET_BITCOIN_ANCHOR(Names.GET_BITCOIN_ANCHOR, Intent.EVALUATE);

    /** Whether the transaction writes (submitted for ordering) or only reads (evaluated on one peer). */
    public enum Intent {
        SUBMIT,
        EVALUATE
    }

    /** The function names, stated once, for the chaincode's annotations. */
    public interface Names {
        String REGISTER_ROBOT = "RegisterRobot";
        String REVOKE_ROBOT = "RevokeRobot";
        String RECORD_PRODUCTION = "RecordProduction";
        String ASSEMBLE_PRODUCT = "AssembleProduct";
        String RECORD_QUALITY_CHECK = "RecordQualityCheck";
        String DISPOSE_QUARANTINED = "DisposeQuarantined";
        String PROPOSE_TRANSFER = "ProposeTransfer";
        String ACCEPT_TRANSFER = "AcceptTransfer";
        String REJECT_TRANSFER = "RejectTransfer";
        String CANCEL_TRANSFER = "CancelTransfer";
        String RECORD_ANCHOR = "RecordAnchor";
        String RECALL_GOOD = "RecallGood";
        String RECALL_ROBOT_OUTPUT = "RecallRobotOutput";
        String OFFER_LOAN = "OfferLoan";
        String WITHDRAW_LOAN_OFFER = "WithdrawLoanOffer";
        String PLEDGE_GOOD = "PledgeGood";
        String RECORD_BTC_PRICE = "RecordBtcPrice";
        String CHECK_MARGIN = "CheckMargin";
        String RECORD_DISBURSEMENT = "RecordDisbursement";
        String RELEASE_WITH_PREIMAGE = "ReleaseWithPreimage";
        String RELEASE_BY_LENDER = "ReleaseByLender";
        String LIQUIDATE = "Liquidate";
        String RECORD_BITCOIN_ANCHOR = "RecordBitcoinAnchor";
        String GET_ROBOT = "GetRobot";
        String GET_GOOD = "GetGood";
        String GET_PROVENANCE = "GetProvenance";
        String GET_GOOD_HISTORY = "GetGoodHistory";
        String WHERE_USED = "WhereUsed";
        String GOODS_BY_ROBOT = "GoodsByRobot";
        String GET_ANCHOR = "GetAnchor";
        String GET_RECALL = "GetRecall";
        String GET_LIEN = "GetLien";
        String EVALUATE_LOAN = "EvaluateLoan";
        String GET_LOAN_OFFER = "GetLoanOffer";
        String LOAN_OFFERS_TO_BORROWER = "LoanOffersToBorrower";
        String LOANS_BY_LENDER = "LoansByLender";
        String LOANS_BY_BORROWER = "LoansByBorrower";
        String GET_LOAN_TERMS = "GetLoanTerms";
        String GET_ENCUMBRANCE = "GetEncumbrance";
        String VERIFY_COLLATERAL = "VerifyCollateral";
        String GET_BTC_PRICE = "GetBtcPrice";
        String LATEST_BTC_PRICE = "LatestBtcPrice";
        String GET_BITCOIN_ANCHOR = "GetBitcoinAnchor";
    }

    private final String functionName;
    private final Intent intent;

    ContractTransaction(String functionName, Intent intent) {
        this.functionName = functionName;
        this.intent = intent;
    }

    /** The name the peer routes on, e.g. {@code RecordAnchor}. */
    public String functionName() {
        return functionName;
    }

    public Intent intent() {
        return intent;
    }
}
