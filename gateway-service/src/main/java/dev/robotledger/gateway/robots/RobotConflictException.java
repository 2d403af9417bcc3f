package dev.robotledger.gateway.robots;

/** A registration that contradicts what is already registered. */
public class RobotConflictException extends RuntimeException {

    public RobotConflictException(String message) {
        super(message);
    }
}
