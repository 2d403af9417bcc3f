package dev.robotledger.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessTokensTest {

    @TempDir
    Path dir;

    @Test
    void resolvesATokenToItsHolderByItsHashAlone() throws IOException {
        AccessTokens tokens = AccessTokens.load(file("""
                # role name sha256
                operator ops-1 %s

                retailer shop.example %s
                """.formatted(
                        AccessTokens.sha256Hex("secret-operator"),
                        AccessTokens.sha256Hex("secret-retailer").toUpperCase())));

        assertThat(tokens.size()).isEqualTo(2);
        assertThat(tokens.callerOf("secret-operator")).contains(new ApiCaller("ops-1", Role.OPERATOR));
        assertThat(tokens.callerOf("secret-retailer")).contains(new ApiCaller("shop.example", Role.RETAILER));
        assertThat(tokens.callerOf("secret-lender")).isEmpty();
        assertThat(tokens.callerOf(AccessTokens.sha256Hex("secret-operator")))
                .as("the hash is no token")
                .isEmpty();
    }

    @Test
    void hashIsTheSha256OfTheTokensUtf8Bytes() {
        assertThat(AccessTokens.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void refusesASecretWrittenInPlaceOfItsHash() throws IOException {
        Path file = file("operator ops-1 my-plain-secret\n");

        assertThatThrownBy(() -> AccessTokens.load(file))
                .hasMessage(file + " line 1: the third field must be the token's SHA-256 in hex (64 characters),"
                        + " never the token itself");
    }

    @Test
    void refusesAnUnknownRoleNamingTheLine() throws IOException {
        Path file = file("# tokens\nauditor audit-1 " + AccessTokens.sha256Hex("x") + "\n");

        assertThatThrownBy(() -> AccessTokens.load(file))
                .hasMessage(
                        file + " line 2: unknown role 'auditor', expected one of operator, retailer, lender, metrics");
    }

    @Test
    void refusesTheSameTokenIssuedTwice() throws IOException {
        String hash = AccessTokens.sha256Hex("shared");
        Path file = file("operator ops-1 " + hash + "\nlender bank-1 " + hash + "\n");

        assertThatThrownBy(() -> AccessTokens.load(file))
                .hasMessage(file + " line 2: the same token hash is already issued to ops-1 (operator)");
    }

    @Test
    void refusesALineWithoutThreeFields() throws IOException {
        Path file = file("operator " + AccessTokens.sha256Hex("x") + "\n");

        assertThatThrownBy(() -> AccessTokens.load(file))
                .hasMessage(file + " line 1: expected 'role name sha256-hex', found 2 fields");
    }

    @Test
    void namesAMissingFile() {
        Path missing = dir.resolve("absent");

        assertThatThrownBy(() -> AccessTokens.load(missing))
                .hasMessageContaining("cannot read the API tokens file " + missing);
    }

    private Path file(String content) throws IOException {
        return Files.writeString(dir.resolve("tokens"), content);
    }
}
