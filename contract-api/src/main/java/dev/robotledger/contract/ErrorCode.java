package dev.robotledger.contract;

/**
 * Every reason the contract refuses a transaction. The code leads the refusal's message (see
 * {@link Refusal}), so clients branch on it without reading the prose; the names are part of the
 * contract's public API and never change meaning.
 */
public enum ErrorCode {
    INVALID_ARGUMENT,
    INVALID_PUBLIC_KEY,
    FORBIDDEN_ORG,
    EVENT_ID_REUSED,
    ROBOT_NOT_FOUND,
    ROBOT_ALREADY_EXISTS,
    ROBOT_REVOKED,
    NOT_ROBOT_OWNER,
    /**
     * The robot is not registered with the capability the event needs: a production needs
     * {@code PRODUCE}, an assembly {@code ASSEMBLE}, a quality check {@code INSPECT} (see
     * {@link RobotCapability}).
     */
    ROBOT_NOT_CAPABLE,
    /**
     * A robot inspected a good made at another site or line than the one the robot stands at:
     * a robot is an inspection station only for its own line.
     */
    NOT_INSPECTION_STATION,
    GOOD_NOT_FOUND,
    GOOD_ALREADY_EXISTS,
    GOOD_NOT_ACTIVE,
    /**
     * A failed quality check quarantined the good: it takes no further check, is not consumed,
     * transferred or pledged until an operator's disposition releases it.
     */
    GOOD_QUARANTINED,
    /** A disposition was asked for a good that is not quarantined. */
    GOOD_NOT_QUARANTINED,
    /**
     * An event about a good (a quality check, a part of an assembly, a custody transfer) names a
     * production (the event id that recorded the good) other than the one that made the good on
     * the ledger: the good id was reused, so the event belongs to another good and is not applied.
     */
    PRODUCTION_MISMATCH,
    /**
     * A good's GS1 identity is malformed: a GTIN that is not 14 digits with GS1's check digit, a
     * serial or lot outside GS1's character set 82 or longer than 20, or a good id that is not the
     * SGTIN EPC URI of its GTIN and serial.
     */
    INVALID_GS1_KEY,
    PART_ALREADY_CONSUMED,
    ASSEMBLY_CYCLE,
    NOT_CUSTODIAN,
    TRANSFER_PENDING,
    NO_PENDING_TRANSFER,
    NOT_TRANSFER_RECIPIENT,
    ANCHOR_NOT_FOUND,
    ANCHOR_ALREADY_RECORDED,
    NOT_PRODUCER,
    RECALL_NOT_FOUND,
    RECALL_TOO_LARGE,
    RESULT_TOO_LARGE,
    PROVENANCE_TOO_LARGE,
    /** The good, a part inside it, or a product containing it secures an active loan. */
    GOOD_ENCUMBERED,
    LIEN_NOT_FOUND,
    LIEN_ALREADY_EXISTS,
    LIEN_NOT_ACTIVE,
    NOT_LENDER,
    NOT_LOAN_PARTY,
    PREIMAGE_MISMATCH,
    PRICE_NOT_FOUND,
    PRICE_ALREADY_RECORDED,
    LTV_TOO_HIGH,
    NOT_LIQUIDATABLE,
    /** The loan's principal was paid out already, by another payment than the one recorded now. */
    DISBURSEMENT_ALREADY_RECORDED,
    /** A pledge needs the lender's open offer of the same loan id (OfferLoan) first. */
    LOAN_OFFER_NOT_FOUND,
    LOAN_OFFER_EXISTS,
    LOAN_OFFER_NOT_OPEN,
    LOAN_OFFER_EXPIRED,
    /** The pledge's request or terms are not the ones the lender offered. */
    LOAN_OFFER_MISMATCH,
    /**
     * A Bitcoin anchor's proof does not hold: the header does not hash to the block hash or lacks
     * its proof of work, the raw transaction is not the txid or carries no OP_RETURN of the Fabric
     * block, or the merkle path does not lead from the txid to the header's merkle root.
     */
    BITCOIN_PROOF_INVALID,
    /** The Fabric block is anchored in Bitcoin already, by another Bitcoin transaction. */
    BITCOIN_ANCHOR_ALREADY_RECORDED,
    BITCOIN_ANCHOR_NOT_FOUND
}
