package dev.robotledger.gateway.consumer;

/**
 * No public page for this GS1 key: an unknown good, a part, or a good another organisation made
 * all answer alike, so the answer tells nothing about which.
 */
public final class NotPublicException extends RuntimeException {

    public NotPublicException(String gtin, String serial) {
        super("GTIN " + gtin + " serial " + serial + " has no public page");
    }
}
