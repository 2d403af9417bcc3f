package dev.robotledger.gateway.readmodel.fabric;

/** A delivered block the read model cannot take as a peer's block; it stops rather than skip data. */
public final class MalformedBlockException extends RuntimeException {

    MalformedBlockException(String message) {
        super(message);
    }

    MalformedBlockException(String message, Throwable cause) {
        super(message, cause);
    }
}
