package dev.robotledger.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.JournalAndBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Signing in with a one-time code, as the links network/system.sh prints do: the code opens a
 * session of its role once, before it expires; the session's token is a bearer token of that role
 * until the browser signs out.
 */
class SignInIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final JournalAndBroker INFRA = new JournalAndBroker();

    @TempDir
    Path dir;

    private static String line(String role, String code, Instant expiresAt) {
        return role + " sign-in-" + role + " " + AccessTokens.sha256Hex(code) + " " + expiresAt + "\n";
    }

    @Test
    void aCodeOpensOneSessionOfItsRoleUntilSignOut() throws Exception {
        String code = UUID.randomUUID().toString();
        String expired = UUID.randomUUID().toString();
        Path codes = Files.writeString(
                dir.resolve("sign-in-codes"),
                "# role name sha256 expires-at\n"
                        + line("retailer", code, Instant.now().plusSeconds(3_600))
                        + line("operator", expired, Instant.now().minusSeconds(1)));
        try (InProcessGateway gateway = InProcessGateway.start(
                INFRA.postgres(),
                INFRA.broker().uri(),
                "sign-in-" + UUID.randomUUID(),
                "gateway.api.sign-in-codes-file=" + codes)) {
            WebTestClient anonymous = gateway.anonymousWeb();

            JsonNode session = JSON.readTree(anonymous
                    .post()
                    .uri("/api/sign-in")
                    .bodyValue(Map.of("code", code))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .returnResult()
                    .getResponseBody());
            assertThat(session.get("role").asString()).isEqualTo("retailer");
            assertThat(Instant.parse(session.get("expiresAt").asString()))
                    .isAfter(Instant.now().plusSeconds(3_600));
            String token = session.get("token").asString();
            assertThat(token).hasSize(64).isNotEqualTo(gateway.token(Role.RETAILER));
            WebTestClient signedIn = anonymous
                    .mutate()
                    .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                    .build();
            signedIn.get().uri("/api/ledger").exchange().expectStatus().isOk();
            signedIn.get().uri("/api/robots").exchange().expectStatus().isForbidden();

            // Once only; an expired or unknown code opens nothing.
            for (String refused : new String[] {code, expired, "no-such-code"}) {
                anonymous
                        .post()
                        .uri("/api/sign-in")
                        .bodyValue(Map.of("code", refused))
                        .exchange()
                        .expectStatus()
                        .isUnauthorized()
                        .expectBody()
                        .jsonPath("$.detail")
                        .value(detail -> assertThat((String) detail).contains("unknown, already used or expired"));
            }

            // A code minted while the gateway runs works at once.
            String later = UUID.randomUUID().toString();
            Files.writeString(
                    codes, line("operator", later, Instant.now().plusSeconds(600)), StandardOpenOption.APPEND);
            anonymous
                    .post()
                    .uri("/api/sign-in")
                    .bodyValue(Map.of("code", later))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.role")
                    .isEqualTo("operator");

            signedIn.post().uri("/api/sign-out").exchange().expectStatus().isNoContent();
            signedIn.get().uri("/api/ledger").exchange().expectStatus().isUnauthorized();
            // A role's own token is no session: signing out with it leaves it valid.
            gateway.web(Role.LENDER)
                    .post()
                    .uri("/api/sign-out")
                    .exchange()
                    .expectStatus()
                    .isNoContent();
            gateway.web(Role.LENDER)
                    .get()
                    .uri("/api/ledger")
                    .exchange()
                    .expectStatus()
                    .isOk();
        }
    }
}
