package dev.robotledger.contract;

import java.util.Objects;
import java.util.Optional;

/**
 * A refusal of the contract in its one stable format: the error code, a colon and a space, then
 * the detail for people, e.g. {@code GOOD_ALREADY_EXISTS: good g-1 is already recorded}. The
 * chaincode writes {@link #message()} as its error message; a peer's Gateway passes it on inside
 * its own words ({@code chaincode response 500, <message>}), and {@link #find(String)} reads the
 * code back from there without looking at the detail.
 */
public record Refusal(ErrorCode code, String detail) {

    private static final String SEPARATOR = ": ";
    // Where a peer's wording may put the chaincode's message: first, or after ", " or ": ".
    private static final String[] LEADS = {", ", ": "};

    public Refusal {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(detail, "detail");
    }

    /** The chaincode's error message: {@code CODE: detail}. */
    public String message() {
        return code.name() + SEPARATOR + detail;
    }

    /**
     * The refusal in a message as a client receives it: the chaincode's own message, or a peer's
     * text that carries it. Empty when there is none (e.g. the peer's own error about a chaincode
     * it cannot reach), never a guess.
     */
    public static Optional<Refusal> find(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Optional<Refusal> atStart = at(text, 0);
        if (atStart.isPresent()) {
            return atStart;
        }
        for (int at = 0; at < text.length(); at++) {
            for (String lead : LEADS) {
                if (text.startsWith(lead, at)) {
                    Optional<Refusal> refusal = at(text, at + lead.length());
                    if (refusal.isPresent()) {
                        return refusal;
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Refusal> at(String text, int start) {
        int separator = text.indexOf(SEPARATOR, start);
        if (separator <= start) {
            return Optional.empty();
        }
        return code(text.substring(start, separator))
                .map(code -> new Refusal(code, text.substring(separator + SEPARATOR.length())));
    }

    private static Optional<ErrorCode> code(String name) {
        for (ErrorCode code : ErrorCode.values()) {
            if (code.name().equals(name)) {
                return Optional.of(code);
            }
        }
        return Optional.empty();
    }
}
