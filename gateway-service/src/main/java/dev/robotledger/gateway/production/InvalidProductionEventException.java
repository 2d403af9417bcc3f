package dev.robotledger.gateway.production;

/**
 * A production event the contract would refuse, found before anything is sent: {@code code} is the
 * contract's error code for it ({@code INVALID_ARGUMENT}, {@code ASSEMBLY_CYCLE}), the message
 * names the event and the field.
 */
public final class InvalidProductionEventException extends RuntimeException {

    private final String code;

    InvalidProductionEventException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
