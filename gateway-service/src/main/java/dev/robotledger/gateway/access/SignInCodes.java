package dev.robotledger.gateway.access;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One-time sign-in codes, which {@code network/system.sh} mints for the links it prints: a browser
 * exchanges one for a session instead of carrying a long-lived token in a URL. The file holds
 * only hashes, one line per code, {@code role name sha256-hex-of-the-code expires-at} (ISO-8601),
 * and is read at each exchange, so new codes work without a restart. A code signs in once: its
 * hash goes into the gateway's database when it is used, and a second use finds it there.
 */
public final class SignInCodes {

    private final Path file;
    private final JdbcTemplate database;

    public SignInCodes(Path file, JdbcTemplate database) {
        this.file = file;
        this.database = database;
    }

    /** The caller the code signs in, once, before it expires; empty for an unknown, used or expired code. */
    public Optional<ApiCaller> redeem(String code, Instant now) {
        String hash = AccessTokens.sha256Hex(code);
        Optional<Issued> issued = lines().stream()
                .map(SignInCodes::parse)
                .filter(line -> line.hash().equals(hash))
                .findFirst();
        if (issued.isEmpty() || !now.isBefore(issued.get().expiresAt())) {
            return Optional.empty();
        }
        int first = database.update(
                "INSERT INTO sign_in_codes_used (code_sha256, used_at) VALUES (?, ?)"
                        + " ON CONFLICT (code_sha256) DO NOTHING",
                hash,
                java.sql.Timestamp.from(now));
        return first == 1 ? Optional.of(issued.get().caller()) : Optional.empty();
    }

    private record Issued(ApiCaller caller, String hash, Instant expiresAt) {}

    private List<String> lines() {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sign-in codes file " + file + ": " + e.getMessage(), e);
        }
    }

    private static Issued parse(String line) {
        String[] fields = line.split("\\s+");
        try {
            if (fields.length != 4) {
                throw new IllegalArgumentException(
                        "expected 'role name sha256-hex expires-at', found " + fields.length + " fields");
            }
            return new Issued(
                    new ApiCaller(fields[1], Role.ofLabel(fields[0])),
                    fields[2].toLowerCase(Locale.ROOT),
                    Instant.parse(fields[3]));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IllegalStateException("the sign-in codes file has a malformed line: " + e.getMessage(), e);
        }
    }
}
