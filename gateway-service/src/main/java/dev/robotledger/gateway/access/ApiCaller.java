package dev.robotledger.gateway.access;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A holder of one API token: its role and the name it was issued under (who holds it, for logs
 * and messages; never the secret).
 */
public record ApiCaller(String name, Role role) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    public ApiCaller {
        Objects.requireNonNull(role, "role");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "token holder name must be 1-64 characters of [A-Za-z0-9._@-], was " + name);
        }
    }
}
