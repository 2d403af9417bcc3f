package dev.robotledger.chaincode.collateral;

/** One finding of a collateral verification: what failed, on which good of the tree, and how. */
public record ReportReason(ReasonCode code, String goodId, String detail) {}
