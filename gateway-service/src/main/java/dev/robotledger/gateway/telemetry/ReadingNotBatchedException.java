package dev.robotledger.gateway.telemetry;

/** The reading is journaled, but its window is not sealed into an anchor batch yet: ask again later. */
public class ReadingNotBatchedException extends RuntimeException {

    public ReadingNotBatchedException(String robotId, long readingSeq, long windowSeq) {
        super("reading " + readingSeq + " of robot " + robotId + " is journaled in window " + robotId + "/" + windowSeq
                + ", which is not sealed into an anchor batch yet (see gateway.anchoring.max-age); retry later");
    }
}
