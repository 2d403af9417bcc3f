package dev.robotledger.gateway.robots;

/** A registration request the gateway cannot accept as given. */
public class InvalidRegistrationException extends RuntimeException {

    public InvalidRegistrationException(String message) {
        super(message);
    }
}
