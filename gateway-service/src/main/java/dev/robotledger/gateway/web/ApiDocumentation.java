package dev.robotledger.gateway.web;

import dev.robotledger.gateway.GatewayApplication;
import dev.robotledger.gateway.access.AccessRules;
import dev.robotledger.gateway.access.Role;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * The OpenAPI document ({@code /v3/api-docs}, browsable at {@code /swagger-ui.html}): the bearer
 * scheme, and for every operation the roles {@link AccessRules} let through, taken from the same
 * rules the gateway enforces (extension {@code x-roles}).
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    static final String BEARER_SCHEME = "bearer";

    @Bean
    OpenAPI gatewayApi() {
        return new OpenAPI()
                .info(new Info().title("Robot provenance ledger gateway")
                        .version(Objects.requireNonNullElse(
                                GatewayApplication.class.getPackage().getImplementationVersion(), "unreleased"))
                        .description("Operator, retailer and lender API. Every call carries 'Authorization: Bearer"
                                + " <token>'; each operation lists the roles it admits in x-roles. Errors are RFC 7807"
                                + " problem details."))
                .components(new Components().addSecuritySchemes(BEARER_SCHEME, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("An opaque token issued per role (" + String.join(", ",
                                Arrays.stream(Role.values()).map(Role::label).toList())
                                + "); the gateway keeps only its SHA-256. network/system.sh up writes them to"
                                + " .state/api/<role>.token.")));
    }

    @Bean
    OpenApiCustomizer rolesPerOperation() {
        return api -> api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) ->
                describeAccess(operation, AccessRules.gateway().ruleFor(HttpMethod.valueOf(method.name()), path))));
    }

    private static void describeAccess(Operation operation, Optional<AccessRules.Rule> rule) {
        if (rule.isPresent() && rule.get().open()) {
            operation.setSecurity(List.of());
            operation.addExtension("x-roles", List.of("anyone"));
            return;
        }
        List<String> roles = rule.map(r -> r.roles().stream().sorted().map(Role::label).toList()).orElse(List.of());
        operation.setSecurity(List.of(new SecurityRequirement().addList(BEARER_SCHEME)));
        operation.addExtension("x-roles", roles);
    }
}
