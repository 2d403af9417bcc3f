package dev.robotledger.contract;

/**
 * What a registered robot may record. A robot is registered with at least one; the contract
 * refuses an event its robot lacks the capability for ({@link ErrorCode#ROBOT_NOT_CAPABLE}).
 */
public enum RobotCapability {
    /** Makes components: RecordProduction. */
    PRODUCE,
    /** Builds products from parts: AssembleProduct. */
    ASSEMBLE,
    /** Inspects goods made on its own site and line: RecordQualityCheck. */
    INSPECT
}
