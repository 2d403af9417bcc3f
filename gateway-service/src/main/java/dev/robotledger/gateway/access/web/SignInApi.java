package dev.robotledger.gateway.access.web;

import dev.robotledger.gateway.access.ApiCaller;
import dev.robotledger.gateway.access.Sessions;
import dev.robotledger.gateway.access.SignInCodes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.Instant;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Signing a browser in with a one-time code from a link {@code network/system.sh} printed, and
 * out again. The code is exchanged for a session token of the code's role; no long-lived token
 * ever travels in a URL.
 */
@RestController
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
class SignInApi {

    private final ObjectProvider<SignInCodes> codes;
    private final Sessions sessions;

    SignInApi(ObjectProvider<SignInCodes> codes, Sessions sessions) {
        this.codes = codes;
        this.sessions = sessions;
    }

    @Schema(name = "SignInRequest")
    record SignInRequest(
            @Schema(description = "the code from the sign-in link", example = "9f2c4e0a1b7d3e5f")
            String code) {
        SignInRequest {
            if (code == null || code.isBlank() || code.length() > 128) {
                throw new IllegalArgumentException("code must be the 1..128 characters of a sign-in link's code");
            }
        }
    }

    @Schema(name = "Session")
    record SessionAnswer(
            @Schema(description = "the session's bearer token: send it as Authorization: Bearer TOKEN")
            String token,

            String role,
            String name,
            Instant expiresAt) {}

    @PostMapping("/api/sign-in")
    @Operation(
            summary = "Exchange a one-time sign-in code for a session",
            description = "The code from a link network/system.sh up (or sign-in) printed, good once and for an hour."
                    + " The answer's token is a bearer token of the code's role until expiresAt, or until sign-out."
                    + " No token needed; an unknown, used or expired code is 401.")
    @ApiResponse(
            responseCode = "200",
            description = "the session",
            content =
                    @Content(
                            examples =
                                    @ExampleObject(
                                            "{\"token\": \"4c1d...e9\", \"role\": \"retailer\", \"name\": \"retailer\","
                                                    + " \"expiresAt\": \"2026-12-07T21:00:00Z\"}")))
    @ApiResponse(
            responseCode = "401",
            description = "The code is unknown, already used or expired",
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(ref = "#/components/schemas/Problem")))
    Mono<SessionAnswer> signIn(
            @RequestBody(content = @Content(examples = @ExampleObject("{\"code\": \"9f2c4e0a1b7d3e5f\"}")))
                    @org.springframework.web.bind.annotation.RequestBody
                    SignInRequest request) {
        return Mono.fromCallable(() -> {
                    SignInCodes issued = codes.getIfAvailable();
                    Optional<ApiCaller> caller =
                            issued == null ? Optional.empty() : issued.redeem(request.code(), Instant.now());
                    if (caller.isEmpty()) {
                        throw new ResponseStatusException(
                                HttpStatus.UNAUTHORIZED,
                                "the sign-in code is unknown, already used or"
                                        + " expired: ask for a new link (network/system.sh sign-in prints fresh ones)");
                    }
                    Sessions.Opened session = sessions.open(caller.get());
                    return new SessionAnswer(
                            session.token(),
                            session.caller().role().label(),
                            session.caller().name(),
                            session.expiresAt());
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    @PostMapping("/api/sign-out")
    @Operation(
            summary = "End this browser session",
            description = "Ends the session whose token the request carries; the token is refused from then on. A"
                    + " role's long-lived token is not a session and stays valid (204 either way).")
    @ApiResponse(responseCode = "204", description = "the session, if it was one, is over")
    ResponseEntity<Void> signOut(ServerHttpRequest request) {
        String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.startsWith("Bearer ")) {
            sessions.close(authorization.substring("Bearer ".length()).strip());
        }
        return ResponseEntity.noContent().build();
    }
}
