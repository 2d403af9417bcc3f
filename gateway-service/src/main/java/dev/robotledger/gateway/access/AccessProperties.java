package dev.robotledger.gateway.access;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may call the HTTP API.
 *
 * @param tokensFile {@code gateway.api.tokens-file} (env {@code GATEWAY_API_TOKENSFILE}): the
 *                   hashes of the accepted bearer tokens, see {@link AccessTokens}. Required: a
 *                   gateway without it would either refuse everyone or let everyone in.
 */
@ConfigurationProperties("gateway.api")
public record AccessProperties(Path tokensFile) {

    public AccessProperties {
        if (tokensFile == null) {
            throw new IllegalArgumentException("missing setting gateway.api.tokens-file (set it in application"
                    + " properties or the environment variable GATEWAY_API_TOKENSFILE): a file of lines"
                    + " 'role name sha256-hex', see gateway-service/README.md");
        }
    }
}
