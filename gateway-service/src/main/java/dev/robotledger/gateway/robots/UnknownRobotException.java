package dev.robotledger.gateway.robots;

/** An operation on a robot that was never registered. */
public class UnknownRobotException extends RuntimeException {

    public UnknownRobotException(String message) {
        super(message);
    }
}
