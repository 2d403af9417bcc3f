package dev.robotledger.chaincode.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.chaincode.ProvenanceContract;
import dev.robotledger.chaincode.testing.ContractHarness;
import dev.robotledger.chaincode.testing.Fixtures;
import dev.robotledger.chaincode.testing.Scenario;
import dev.robotledger.chaincode.testing.WriteCatalogue;
import dev.robotledger.contract.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every write function called by every org, expecting exactly what the matrix in
 * chaincode/README.md says: "allowed", or the error code of the refusal.
 */
class AccessControlMatrixTest {

    private static final Path README = Path.of("README.md");

    /** README row label -> (MSP id -> expected cell). */
    static Map<String, Map<String, String>> readmeMatrix() throws IOException {
        List<String> lines = Files.readAllLines(README);
        int start = lines.indexOf("<!-- access-matrix:start -->");
        int end = lines.indexOf("<!-- access-matrix:end -->");
        assertThat(start)
                .as("matrix markers in %s", README.toAbsolutePath())
                .isNotNegative()
                .isLessThan(end);
        List<String> header = cells(lines.get(start + 1));
        List<String> mspIds = header.subList(1, header.size()).stream()
                .map(cell -> cell.split(" ")[0])
                .toList();
        Map<String, Map<String, String>> matrix = new LinkedHashMap<>();
        for (String line : lines.subList(start + 3, end)) {
            List<String> row = cells(line);
            Map<String, String> expected = new LinkedHashMap<>();
            for (int i = 0; i < mspIds.size(); i++) {
                expected.put(mspIds.get(i), row.get(i + 1).replace("`", ""));
            }
            matrix.put(row.get(0), expected);
        }
        return matrix;
    }

    static Stream<Arguments> everyWriteByEveryOrg() throws IOException {
        Map<String, Map<String, String>> matrix = readmeMatrix();
        List<Arguments> arguments = new ArrayList<>();
        for (WriteCatalogue.Case write : WriteCatalogue.cases()) {
            Map<String, String> row = matrix.get(write.label());
            assertThat(row).as("README matrix row for %s", write.label()).isNotNull();
            row.forEach((mspId, expected) -> arguments.add(Arguments.of(write, mspId, expected)));
        }
        return arguments.stream();
    }

    @Test
    void matrixCoversEveryWriteFunctionAndEveryOrg() throws IOException {
        Map<String, Map<String, String>> matrix = readmeMatrix();

        assertThat(matrix.keySet())
                .containsExactlyInAnyOrderElementsOf(WriteCatalogue.cases().stream()
                        .map(WriteCatalogue.Case::label)
                        .toList());
        assertThat(matrix.values())
                .allSatisfy(row -> assertThat(row.keySet())
                        .containsAll(OrgDirectory.knownMspIds())
                        .hasSize(OrgDirectory.knownMspIds().size() + 1));
        assertThat(Arrays.stream(ProvenanceContract.class.getDeclaredMethods())
                        .map(method -> method.getAnnotation(Transaction.class))
                        .filter(tx -> tx != null && tx.intent() == Transaction.TYPE.SUBMIT)
                        .map(Transaction::name))
                .as("every submit function has a matrix row")
                .allSatisfy(name -> assertThat(matrix.keySet())
                        .anySatisfy(label -> assertThat(label).startsWith(name)));
    }

    @ParameterizedTest(name = "{0} by {1} -> {2}")
    @MethodSource("everyWriteByEveryOrg")
    void enforcesTheReadmeMatrix(WriteCatalogue.Case write, String mspId, String expected) {
        ContractHarness harness = new ContractHarness();
        WriteCatalogue.buildWorld(new Scenario(harness));
        String request = write.requestFor(mspId);

        if (expected.equals("allowed")) {
            String result = harness.submit(
                    mspId, write.transientData(), (c, ctx) -> write.write().call(c, ctx, "evt-matrix", request));
            assertThat(result).startsWith("{");
            assertThat(harness.lastEvent()).as("the one event of the write").hasValueSatisfying(event -> {
                var payload = Fixtures.tree(new String(event.payload(), StandardCharsets.UTF_8));
                assertThat(payload.get("eventId").asText()).isEqualTo("evt-matrix");
                assertThat(payload.get("txId").asText()).isEqualTo(event.txId());
                assertThat(payload.get("entityId").asText()).isNotBlank();
            });
        } else {
            ErrorCode code = harness.refusalCode(
                    mspId, write.transientData(), (c, ctx) -> write.write().call(c, ctx, "evt-matrix", request));
            assertThat(code.name()).isEqualTo(expected);
        }
    }

    private static List<String> cells(String line) {
        String trimmed = line.strip();
        return Arrays.stream(trimmed.substring(1, trimmed.length() - 1).split("\\|"))
                .map(String::strip)
                .toList();
    }
}
