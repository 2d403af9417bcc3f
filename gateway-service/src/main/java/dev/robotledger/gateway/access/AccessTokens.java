package dev.robotledger.gateway.access;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The API tokens the gateway accepts, known only by their SHA-256 hashes: the gateway never holds
 * a secret, so reading its configuration gives no access. One line per token,
 * {@code role name sha256-hex-of-the-token}; blank lines and lines starting with {@code #} are
 * skipped.
 */
public final class AccessTokens {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final HexFormat HEX = HexFormat.of();

    private final Map<String, ApiCaller> callersByHash;

    private AccessTokens(Map<String, ApiCaller> callersByHash) {
        this.callersByHash = Map.copyOf(callersByHash);
    }

    /** Reads a tokens file; a malformed line fails with the file and line number. */
    public static AccessTokens load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the API tokens file " + file + ": " + e.getMessage(), e);
        }
        Map<String, ApiCaller> callers = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = file + " line " + (i + 1);
            String[] fields = line.split("\\s+");
            if (fields.length != 3) {
                throw new IllegalArgumentException(
                        where + ": expected 'role name sha256-hex', found " + fields.length + " fields");
            }
            String hash = fields[2].toLowerCase(Locale.ROOT);
            if (!SHA256_HEX.matcher(hash).matches()) {
                throw new IllegalArgumentException(where + ": the third field must be the token's SHA-256 in hex"
                        + " (64 characters), never the token itself");
            }
            ApiCaller caller;
            try {
                caller = new ApiCaller(fields[1], Role.ofLabel(fields[0]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
            ApiCaller previous = callers.putIfAbsent(hash, caller);
            if (previous != null) {
                throw new IllegalArgumentException(where + ": the same token hash is already issued to "
                        + previous.name() + " (" + previous.role().label() + ")");
            }
        }
        return new AccessTokens(callers);
    }

    /** The caller a presented token belongs to, if any. */
    public Optional<ApiCaller> callerOf(String token) {
        // Looked up by the token's hash: timing differences of the map lookup reveal nothing
        // about a secret whose hash they would first have to invert.
        return Optional.ofNullable(callersByHash.get(sha256Hex(token)));
    }

    public int size() {
        return callersByHash.size();
    }

    /** The hex SHA-256 of a token's UTF-8 bytes: what a tokens file line holds. */
    public static String sha256Hex(String token) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
