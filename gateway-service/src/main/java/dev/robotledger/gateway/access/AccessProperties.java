package dev.robotledger.gateway.access;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call the HTTP API.
 *
 * @param tokensFile {@code gateway.api.tokens-file} (env {@code GATEWAY_API_TOKENSFILE}): the
 *                   hashes of the accepted bearer tokens, see {@link AccessTokens}. Required: a
 *                   gateway without it would either refuse everyone or let everyone in.
 * @param signInCodesFile {@code gateway.api.sign-in-codes-file} (env {@code GATEWAY_API_SIGNINCODESFILE}):
 *                   one-time sign-in codes, see {@link SignInCodes}; unset: no sign-in by code
 * @param sessionLifetime how long a session a sign-in code opened lasts
 */
@ConfigurationProperties("gateway.api")
public record AccessProperties(
        Path tokensFile,
        Path signInCodesFile,
        @DefaultValue("12h") Duration sessionLifetime) {

    public AccessProperties {
        if (tokensFile == null) {
            throw new IllegalArgumentException("missing setting gateway.api.tokens-file (set it in application"
                    + " properties or the environment variable GATEWAY_API_TOKENSFILE): a file of lines"
                    + " 'role name sha256-hex', see gateway-service/README.md");
        }
    }
}
