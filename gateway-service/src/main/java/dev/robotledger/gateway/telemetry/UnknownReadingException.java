package dev.robotledger.gateway.telemetry;

/** No journaled telemetry window of the robot holds the reading. */
public class UnknownReadingException extends RuntimeException {

    public UnknownReadingException(String robotId, long readingSeq) {
        super("no journaled telemetry window of robot " + robotId + " holds reading " + readingSeq);
    }
}
