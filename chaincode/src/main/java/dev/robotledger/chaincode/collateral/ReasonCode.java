package dev.robotledger.chaincode.collateral;

/**
 * Why a good is not eligible as collateral; one code per failed check, so a client can branch on
 * it without parsing the detail. The names are public API and never change meaning;
 * chaincode/README.md describes each one (a test holds the two together).
 */
public enum ReasonCode {
    /** An assembly lists a part that is not recorded on the ledger: the provenance is incomplete. */
    PART_NOT_RECORDED,
    /** The tree is deeper or larger than a provenance query may walk; the rest was not verified. */
    PROVENANCE_TOO_LARGE,
    /** The robot a good names as its maker is not registered. */
    ROBOT_NOT_REGISTERED,
    /** The robot was revoked at or before the good's production time. */
    ROBOT_REVOKED,
    /** The good has no quality check. */
    QUALITY_NOT_CHECKED,
    /** The latest check of one of the good's check types failed. */
    QUALITY_FAILED,
    /** The good itself is not pledgeable: consumed into a product, or quarantined. */
    GOOD_NOT_ACTIVE,
    /** The custody history does not form one unbroken chain from production to the custodian. */
    CUSTODY_BROKEN,
    /** A custody transfer was proposed and not yet accepted, rejected or cancelled. */
    TRANSFER_PENDING,
    /** The good carries a recall mark. */
    RECALLED,
    /** An active lien on the good, on a product containing it, or on a part inside it. */
    ENCUMBERED,
    /** The good names no telemetry batch: its production is not tied to anchored telemetry. */
    UNANCHORED,
    /** The telemetry batch the good names has no anchor on the ledger. */
    ANCHOR_NOT_RECORDED,
    /** The recorded anchor has another Merkle root than the one the good names. */
    ANCHOR_ROOT_MISMATCH,
    /** The recorded anchor does not cover the robot that made the good. */
    ANCHOR_ROBOT_NOT_COVERED,
    /** The recorded anchor's time range does not contain the good's production time. */
    ANCHOR_TIME_NOT_COVERED
}
