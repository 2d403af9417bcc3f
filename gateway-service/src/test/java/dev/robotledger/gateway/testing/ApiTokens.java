package dev.robotledger.gateway.testing;

import dev.robotledger.gateway.access.AccessTokens;
import dev.robotledger.gateway.access.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Collectors;

/** One fresh bearer token per role, and the tokens file of their hashes that a test gateway reads. */
public final class ApiTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<Role, String> tokens;
    private final Path hashesFile;

    private ApiTokens(Map<Role, String> tokens, Path hashesFile) {
        this.tokens = tokens;
        this.hashesFile = hashesFile;
    }

    public static ApiTokens generate() {
        Map<Role, String> tokens = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            byte[] secret = new byte[32];
            RANDOM.nextBytes(secret);
            tokens.put(role, HexFormat.of().formatHex(secret));
        }
        try {
            Path file = Files.createTempFile("gateway-api-tokens", ".txt");
            file.toFile().deleteOnExit();
            Files.writeString(
                    file,
                    tokens.entrySet().stream()
                            .map(entry -> entry.getKey().label() + " test-"
                                    + entry.getKey().label() + " " + AccessTokens.sha256Hex(entry.getValue()))
                            .collect(Collectors.joining("\n", "# role name sha256\n", "\n")));
            return new ApiTokens(tokens, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String token(Role role) {
        return tokens.get(role);
    }

    public Path hashesFile() {
        return hashesFile;
    }
}
