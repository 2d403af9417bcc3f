package dev.robotledger.gateway.access;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Browser sessions opened with a sign-in code: a random bearer token of the code's role, held by
 * its hash until it expires or is signed out. Kept in memory: a gateway restart signs every
 * browser out (a new link signs in again).
 */
public final class Sessions {

    /** A session's bearer token, whom it acts for, and until when. */
    public record Opened(String token, ApiCaller caller, Instant expiresAt) {}

    private record Session(ApiCaller caller, Instant expiresAt) {}

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Session> byTokenHash = new ConcurrentHashMap<>();
    private final Duration lifetime;
    private final Clock clock;

    public Sessions(Duration lifetime, Clock clock) {
        this.lifetime = lifetime;
        this.clock = clock;
    }

    public Opened open(ApiCaller caller) {
        byTokenHash.values().removeIf(session -> !clock.instant().isBefore(session.expiresAt()));
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = HexFormat.of().formatHex(secret);
        Instant expiresAt = clock.instant().plus(lifetime);
        byTokenHash.put(AccessTokens.sha256Hex(token), new Session(caller, expiresAt));
        return new Opened(token, caller, expiresAt);
    }

    public Optional<ApiCaller> callerOf(String token) {
        Session session = byTokenHash.get(AccessTokens.sha256Hex(token));
        if (session == null || !clock.instant().isBefore(session.expiresAt())) {
            return Optional.empty();
        }
        return Optional.of(session.caller());
    }

    /** Ends the session the token opened; whether there was one. */
    public boolean close(String token) {
        return byTokenHash.remove(AccessTokens.sha256Hex(token)) != null;
    }
}
