package dev.robotledger.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.agent.testing.MosquittoBroker;
import dev.robotledger.gateway.access.Role;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.PostgresServer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The OpenAPI document the gateway serves describes every API route and who may call it. */
class OpenApiDocumentIT {

    private static JsonNode document;
    private static Set<String> routes;
    private static String swaggerUi;

    @BeforeAll
    static void fetchTheDocument() throws Exception {
        try (PostgresServer postgres = PostgresServer.start();
                MosquittoBroker broker = MosquittoBroker.start();
                InProcessGateway gateway =
                        InProcessGateway.start(postgres, broker.uri(), "openapi-" + UUID.randomUUID())) {
            routes = RegisteredRoutes.of(gateway.context());
            document = new ObjectMapper()
                    .readTree(gateway.anonymousWeb()
                            .get()
                            .uri("/v3/api-docs")
                            .exchange()
                            .expectStatus()
                            .isOk()
                            .expectBody()
                            .returnResult()
                            .getResponseBody());
            swaggerUi = gateway.anonymousWeb()
                    .get()
                    .uri("/webjars/swagger-ui/index.html")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(String.class)
                    .returnResult()
                    .getResponseBody();
        }
    }

    @Test
    void documentsEveryApiRouteWithTheBearerSchemeAndTheRolesOfTheAccessTable() {
        JsonNode bearer = document.path("components").path("securitySchemes").path("bearer");
        assertThat(bearer.path("type").asString()).isEqualTo("http");
        assertThat(bearer.path("scheme").asString()).isEqualTo("bearer");
        assertThat(swaggerUi).contains("swagger-ui");

        List<String> apiRoutes = routes.stream()
                .filter(route -> route.split(" ")[1].startsWith("/api/"))
                .toList();
        assertThat(apiRoutes).contains("GET /api/robots", "GET /api/readings/{robotId}/{readingSeq}/proof");
        AccessTable table = AccessTable.read();
        for (String route : apiRoutes) {
            String[] methodAndPath = route.split(" ", 2);
            JsonNode operation =
                    document.path("paths").path(methodAndPath[1]).path(methodAndPath[0].toLowerCase(Locale.ROOT));
            assertThat(operation.isObject())
                    .as("%s in the OpenAPI document", route)
                    .isTrue();
            if (open(table, route)) {
                assertThat(operation.path("security").toString())
                        .as("security of %s", route)
                        .isEqualTo("[]");
                assertThat(texts(operation.path("x-roles")))
                        .as("x-roles of %s", route)
                        .containsExactly("anyone");
                continue;
            }
            assertThat(operation.path("security").toString())
                    .as("security of %s", route)
                    .isEqualTo("[{\"bearer\":[]}]");
            assertThat(texts(operation.path("x-roles")))
                    .as("x-roles of %s", route)
                    .containsExactlyElementsOf(allowedRoles(table, route));
        }
    }

    @Test
    void everyOperationSaysWhatItDoesWithAnExampleAndItsErrors() {
        assertThat(document.at("/info/description").asString())
                .contains("Authorization: Bearer TOKEN", "paste the token alone", "POST /api/sign-in");
        assertThat(document.at(
                                "/paths/~1api~1robots/get/responses/403/content/application~1problem+json/example/status")
                        .asInt())
                .isEqualTo(403);
        List<String> undocumented = new ArrayList<>();
        document.path("paths")
                .properties()
                .forEach(path -> path.getValue().properties().forEach(method -> {
                    if (!path.getKey().startsWith("/api/")) {
                        return;
                    }
                    String operation = method.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
                    JsonNode described = method.getValue();
                    if (described.path("summary").asString().isBlank()
                            || described.path("description").asString().isBlank()) {
                        undocumented.add(operation + ": summary and description");
                    }
                    described.path("responses").properties().forEach(response -> {
                        response.getValue().path("content").properties().forEach(media -> {
                            boolean example = media.getValue().has("example")
                                    || media.getValue().has("examples");
                            if (!example) {
                                undocumented.add(
                                        operation + ": an example of " + response.getKey() + " " + media.getKey());
                            }
                        });
                        if (response.getKey().startsWith("4")
                                && !response.getValue()
                                        .at("/content/application~1problem+json")
                                        .isObject()) {
                            undocumented.add(operation + ": " + response.getKey() + " as problem details");
                        }
                    });
                    if (described.path("responses").propertyNames().isEmpty()) {
                        undocumented.add(operation + ": responses");
                    }
                }));
        assertThat(undocumented)
                .as("operations the OpenAPI document leaves undescribed (an @Operation on the"
                        + " controller, or an entry in web/OperationDocs)")
                .isEmpty();
    }

    // The method writes its body as buffers; the document must describe the JSON, not them.
    @Test
    void describesTheProvenanceAnswerAsTheJsonObjectItIs() {
        JsonNode schema = document.at(
                "/paths/~1api~1goods~1{goodId}~1provenance/get/responses/200/content/application~1json/schema");
        assertThat(schema.path("$ref").asString()).isEqualTo("#/components/schemas/ProvenanceAnswer");
        assertThat(document.at("/components/schemas/ProvenanceAnswer/properties")
                        .propertyNames())
                .containsExactlyInAnyOrder("source", "ledgerHeight", "provenance");
        assertThat(document.at("/components/schemas").has("DataBuffer")).isFalse();
    }

    // Written as bytes too, the certificate is a JSON object.
    @Test
    void describesTheCertificateAsAJsonObject() {
        JsonNode certificate = document.at("/paths/~1api~1goods~1{goodId}~1certificate/get/responses/200");
        assertThat(certificate.at("/content/application~1json/schema/type").asString())
                .as("%s", certificate)
                .isEqualTo("object");
        // JsonNode: any JSON value, as the tree is whatever the chaincode's GetProvenance answers.
        JsonNode tree = document.at("/components/schemas/ProvenanceAnswer/properties/provenance");
        assertThat(tree.path("$ref").asString()).as("%s", tree).isEqualTo("#/components/schemas/JsonNode");
        // Shared by answers of every shape (GET /api/borrowing/offers is an array): no type, no description.
        assertThat(document.at("/components/schemas/JsonNode").size())
                .as("%s", document.at("/components/schemas/JsonNode"))
                .isZero();
    }

    // What the journal has not got yet is null in the answer, and the document says so.
    @Test
    void marksTheFieldsThatCanBeNullAsNullable() {
        assertThat(nullable("ProductionEventRecord"))
                .containsExactlyInAnyOrder(
                        "goodId",
                        "decidedAt",
                        "transactionId",
                        "blockNumber",
                        "refusedBy",
                        "errorCode",
                        "errorMessage",
                        "pendingReason");
        assertThat(nullable("RobotStatusView")).containsExactlyInAnyOrder("lastSeq", "lastSeen", "lastRejectedAt");
        assertThat(nullable("DeadLetter")).containsExactlyInAnyOrder("robotId", "seq");
        assertThat(nullable("Problem")).containsExactlyInAnyOrder("detail", "instance", "code");
    }

    @Test
    void everyChangeWithInputMayAnswerAConflict() {
        for (String path : List.of(
                "/api/goods/{goodId}/transfer",
                "/api/goods/{goodId}/transfer/accept",
                "/api/goods/{goodId}/transfer/reject",
                "/api/goods/{goodId}/recall",
                "/api/robots")) {
            assertThat(document.path("paths")
                            .path(path)
                            .path("post")
                            .path("responses")
                            .path("409")
                            .at("/content/application~1problem+json/example/status")
                            .asInt())
                    .as("409 of POST %s", path)
                    .isEqualTo(409);
        }
        assertThat(document.at("/paths/~1api~1sign-out/post/responses").has("409"))
                .isFalse();
        assertThat(document.at("/paths/~1api~1sign-in/post/responses").has("409"))
                .isFalse();
    }

    private static List<String> nullable(String schema) {
        List<String> names = new ArrayList<>();
        document.path("components")
                .path("schemas")
                .path(schema)
                .path("properties")
                .properties()
                .forEach(property -> {
                    if (property.getValue().path("nullable").asBoolean()) {
                        names.add(property.getKey());
                    }
                });
        return names;
    }

    private static AccessTable.Row row(AccessTable table, String route) {
        return table.rows().stream()
                .filter(candidate -> candidate.route().equals(route))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no access table row for " + route));
    }

    /** A route the table lets every caller use, even without a token. */
    private static boolean open(AccessTable table, String route) {
        return row(table, route).expected().get(AccessTable.NO_TOKEN).equals("allowed");
    }

    private static List<String> allowedRoles(AccessTable table, String route) {
        AccessTable.Row row = row(table, route);
        return Arrays.stream(Role.values())
                .map(Role::label)
                .filter(role -> row.expected().get(role).equals("allowed"))
                .toList();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(element -> texts.add(element.asString()));
        return texts;
    }
}
