package dev.robotledger.gateway.access;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Who may call the gateway's HTTP API, as named in the tokens file and the access table. */
public enum Role {
    /** Runs the factory side: robots, ingestion, dead letters, all metrics. */
    OPERATOR,
    /** Asks where a product comes from. */
    RETAILER,
    /** Checks goods pledged as collateral. */
    LENDER,
    /** A metrics scraper such as Prometheus: reads {@code /actuator/prometheus} and nothing else. */
    METRICS;

    /** The lower-case name used in the tokens file, the access table and messages. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The authority Spring Security's role checks look for. */
    String authority() {
        return "ROLE_" + name();
    }

    static Role ofLabel(String label) {
        return Arrays.stream(values())
                .filter(role -> role.label().equals(label))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown role '" + label + "', expected one of "
                        + Arrays.stream(values()).map(Role::label).collect(Collectors.joining(", "))));
    }
}
