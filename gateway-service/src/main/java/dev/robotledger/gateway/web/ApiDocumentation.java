package dev.robotledger.gateway.web;

import dev.robotledger.gateway.GatewayApplication;
import dev.robotledger.gateway.access.AccessRules;
import dev.robotledger.gateway.access.Role;
import dev.robotledger.gateway.json.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
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
import org.springframework.http.MediaType;
import tools.jackson.core.JacksonException;

/**
 * The OpenAPI document ({@code /v3/api-docs}, browsable at {@code /swagger-ui.html}): the bearer
 * scheme, and for every operation the roles {@link AccessRules} let through, taken from the same
 * rules the gateway enforces (extension {@code x-roles}).
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    static final String BEARER_SCHEME = "bearer";
    private static final String PROBLEM_SCHEMA = "Problem";
    /** Any JSON value: what the operation's description and example say. */
    private static final String JSON_NODE_SCHEMA = "JsonNode";

    @Bean
    OpenAPI gatewayApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Robot provenance ledger gateway")
                        .version(Objects.requireNonNullElse(
                                GatewayApplication.class.getPackage().getImplementationVersion(), "unreleased"))
                        .description("Operator, retailer and lender API of one organisation's gateway. A call carries"
                                + " the header 'Authorization: Bearer TOKEN', where TOKEN is a role's API token (network/system.sh up"
                                + " writes them to .state/api/ROLE.token) or a session token from POST /api/sign-in. To try calls"
                                + " here, press Authorize and paste the token alone: Swagger UI adds 'Bearer '. Each operation"
                                + " lists the roles it admits in x-roles (anyone: no token needed). Errors are RFC 7807 problem"
                                + " details (application/problem+json); a refusal by the chaincode carries its code."))
                .components(new Components()
                        .addSecuritySchemes(
                                BEARER_SCHEME,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .description("An opaque token issued per role ("
                                                + String.join(
                                                        ", ",
                                                        Arrays.stream(Role.values())
                                                                .map(Role::label)
                                                                .toList())
                                                + "), or a session token from POST /api/sign-in; the gateway keeps only SHA-256 hashes."
                                                + " network/system.sh up writes the role tokens to .state/api/ROLE.token. Paste the token"
                                                + " alone, without the word Bearer.")));
    }

    @Bean
    OpenApiCustomizer rolesAndErrorsPerOperation() {
        return api -> {
            api.getComponents().addSchemas(PROBLEM_SCHEMA, problemSchema());
            // OpenAPI 3.0 output makes a JsonNode an object; answers built as JSON trees are arrays too.
            if (api.getComponents().getSchemas().containsKey(JSON_NODE_SCHEMA)) {
                api.getComponents().addSchemas(JSON_NODE_SCHEMA, new Schema<>());
            }
            api.getPaths()
                    .forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                        OperationDocs.of(method.name(), path).ifPresent(doc -> describe(operation, doc));
                        boolean open = describeAccess(
                                operation, AccessRules.gateway().ruleFor(HttpMethod.valueOf(method.name()), path));
                        describeErrors(method.name(), path, operation, open);
                    }));
        };
    }

    /** The summary, description and example answer of an operation its controller does not describe. */
    private static void describe(Operation operation, OperationDocs.Doc doc) {
        if (operation.getSummary() == null) {
            operation.setSummary(doc.summary());
        }
        if (operation.getDescription() == null) {
            operation.setDescription(doc.description());
        }
        operation.getResponses().entrySet().stream()
                .filter(response -> response.getKey().startsWith("2"))
                .map(response -> response.getValue().getContent())
                .filter(Objects::nonNull)
                .flatMap(content -> content.values().stream())
                .filter(media -> media.getExample() == null
                        && (media.getExamples() == null || media.getExamples().isEmpty()))
                .forEach(media -> media.setExample(parse(doc.example())));
    }

    // Examples are Jackson 2 trees: swagger-core writes the document with Jackson 2.
    private static Object parse(String json) {
        try {
            return Json.toWire(Json.MAPPER.readTree(json));
        } catch (JacksonException e) {
            throw new IllegalStateException("an example in OperationDocs is not JSON: " + json, e);
        }
    }

    /** Sets the operation's security and roles; whether anyone may call it. */
    private static boolean describeAccess(Operation operation, Optional<AccessRules.Rule> rule) {
        if (rule.isPresent() && rule.get().open()) {
            operation.setSecurity(List.of());
            operation.addExtension("x-roles", List.of("anyone"));
            return true;
        }
        List<String> roles = rule.map(
                        r -> r.roles().stream().sorted().map(Role::label).toList())
                .orElse(List.of());
        operation.setSecurity(List.of(new SecurityRequirement().addList(BEARER_SCHEME)));
        operation.addExtension("x-roles", roles);
        return false;
    }

    /**
     * The errors every operation of its kind can answer, as the gateway's filters and
     * {@link ProblemResponses} make them; an operation's own annotations (a 409, a 422) stay.
     */
    private static void describeErrors(String method, String path, Operation operation, boolean open) {
        ApiResponses responses = operation.getResponses();
        if (!open) {
            addProblem(
                    responses,
                    path,
                    "401",
                    "No bearer token, or one the gateway does not know",
                    "Authentication required",
                    "the request needs a bearer token");
            addProblem(
                    responses,
                    path,
                    "403",
                    "The token's role may not call this operation (see x-roles)",
                    "Forbidden",
                    "retailer (role retailer) may not call this operation; allowed roles: operator");
        }
        boolean takesInput = operation.getRequestBody() != null
                || (operation.getParameters() != null
                        && !operation.getParameters().isEmpty());
        if (takesInput) {
            addProblem(
                    responses,
                    path,
                    "400",
                    "A parameter or the body breaks its rules; the detail says which",
                    "Invalid request",
                    "limit must be 1..200, was 500");
        }
        // A change the chaincode or the gateway refuses in the state things are in (an event id used
        // with other arguments, no pending transfer, a loan already paid out) is 409 with its code.
        if (!open && takesInput && method.equals("POST")) {
            addProblem(
                    responses,
                    path,
                    "409",
                    "The change conflicts with the state on the ledger or in the gateway;" + " the code says why",
                    "Refused by the chaincode: EVENT_ID_REUSED",
                    "event id ship-2026-12-07-0001 was already used with different arguments");
        }
        if (path.contains("{")) {
            addProblem(
                    responses,
                    path,
                    "404",
                    "Nothing is known by that identifier",
                    "Not found",
                    "no good robot-009-a1 is known");
        }
        addProblem(
                responses,
                path,
                "503",
                "The journal database or the ledger is unavailable; try again later",
                "Ledger unavailable",
                "the peer 127.0.0.1:7051 did not answer");
        // An error a controller declares itself (a 409, a 422) gets an example in the same form.
        responses.forEach((status, response) -> {
            var problem = response.getContent() == null
                    ? null
                    : response.getContent().get(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            if (problem != null
                    && problem.getExample() == null
                    && (problem.getExamples() == null || problem.getExamples().isEmpty())) {
                problem.setExample(problemExample(path, status, response.getDescription(), response.getDescription()));
            }
        });
    }

    private static Object problemExample(String path, String status, String title, String detail) {
        return Json.toWire(Json.MAPPER
                .createObjectNode()
                .put("title", title)
                .put("status", Integer.parseInt(status))
                .put("detail", detail)
                .put("instance", path));
    }

    private static void addProblem(
            ApiResponses responses, String path, String status, String description, String title, String detail) {
        if (responses.containsKey(status)) {
            return;
        }
        responses.addApiResponse(
                status,
                new ApiResponse()
                        .description(description)
                        .content(new Content()
                                .addMediaType(
                                        MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                                        new io.swagger.v3.oas.models.media.MediaType()
                                                .schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA))
                                                .example(problemExample(path, status, title, detail)))));
    }

    /** RFC 7807 problem details as the gateway writes them. */
    private static Schema<?> problemSchema() {
        ObjectSchema problem = new ObjectSchema();
        problem.description("RFC 7807 problem details")
                .addProperty(
                        "type",
                        new StringSchema().description("a URI naming the problem; absent means about:blank (RFC 9457)"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema().nullable(true))
                .addProperty("instance", new StringSchema().nullable(true))
                .addProperty(
                        "code",
                        new StringSchema()
                                .nullable(true)
                                .description("the chaincode's error code, when the chaincode refused"));
        // Spring Framework 7 leaves type out unless a problem names one.
        problem.setRequired(List.of("title", "status"));
        return problem;
    }
}
