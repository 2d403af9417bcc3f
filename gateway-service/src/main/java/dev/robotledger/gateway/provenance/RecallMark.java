package dev.robotledger.gateway.provenance;

/** The recall that reached a good; {@code downstream} when it was found through a part or a robot. */
public record RecallMark(String recallId, String reason, boolean downstream, long atEpochMillis) {

    public RecallMark {
        Fields.requireText("recall.recallId", recallId);
        Fields.requireText("recall.reason", reason);
        Fields.requireEpochMillis("recall.atEpochMillis", atEpochMillis);
    }
}
