package dev.robotledger.chaincode.telemetry;

import dev.robotledger.chaincode.ledger.Fields;
import dev.robotledger.chaincode.ledger.Refusals;
import dev.robotledger.contract.ErrorCode;
import java.util.List;
import java.util.TreeSet;

/**
 * The RecordAnchor argument: the Merkle root of one batch of readings, which stay off-chain.
 * The robots covered are a set, kept sorted so that equal batches hash and store identically.
 */
public record AnchorReport(
        String batchId,
        String merkleRoot,
        Long readingCount,
        Long fromEpochMillis,
        Long toEpochMillis,
        List<String> robotIds) {

    public static final int MAX_ROBOTS = 1_000;

    public AnchorReport {
        Fields.requireId("batchId", batchId, Fields.MAX_ID_LENGTH);
        Fields.requireSha256Hex("merkleRoot", merkleRoot);
        Fields.requirePresent("readingCount", readingCount);
        if (readingCount < 1) {
            throw Refusals.of(
                    ErrorCode.INVALID_ARGUMENT,
                    "batch " + batchId + " has readingCount " + readingCount
                            + "; an anchor covers at least one reading");
        }
        Fields.requireEpochMillis("fromEpochMillis", fromEpochMillis);
        Fields.requireEpochMillis("toEpochMillis", toEpochMillis);
        if (toEpochMillis < fromEpochMillis) {
            throw Refusals.of(
                    ErrorCode.INVALID_ARGUMENT,
                    "batch " + batchId + " ends (" + toEpochMillis + ") before it starts (" + fromEpochMillis + ")");
        }
        robotIds = Fields.copyOrEmpty(robotIds);
        if (robotIds.isEmpty() || robotIds.size() > MAX_ROBOTS) {
            throw Refusals.of(
                    ErrorCode.INVALID_ARGUMENT,
                    "batch " + batchId + " covers " + robotIds.size() + " robots; between 1 and " + MAX_ROBOTS
                            + " are allowed");
        }
        TreeSet<String> sorted = new TreeSet<>();
        for (String robotId : robotIds) {
            Fields.requireId("robotIds[]", robotId, 64);
            if (!sorted.add(robotId)) {
                throw Refusals.of(
                        ErrorCode.INVALID_ARGUMENT, "batch " + batchId + " lists robot " + robotId + " twice");
            }
        }
        robotIds = List.copyOf(sorted);
    }
}
