package dev.robotledger.chaincode.collateral;

/**
 * What a collateral verification read: goods in the tree (every part at every level), its
 * depth, the raw parts among them, the distinct robots and telemetry batches looked up, the
 * quality checks and custody steps examined, and the products above the good checked for liens.
 * {@code complete} is false when the tree exceeded a bound and was not walked to the end.
 */
public record VerificationCoverage(
        int nodeCount,
        int depth,
        int rawPartCount,
        int robotsChecked,
        int anchorsChecked,
        int qualityChecksCounted,
        int custodyStepsChecked,
        int productsAboveChecked,
        boolean complete) {}
