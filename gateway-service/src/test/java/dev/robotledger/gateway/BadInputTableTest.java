package dev.robotledger.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The table of attack classes in docs/bad-input.md against the tests of every module: each row
 * names a test method that exists, and each {@code `code`} of its outcome is asserted in that
 * test's class. A row whose test is renamed, removed or no longer checks what the row says fails here.
 */
class BadInputTableTest {

    private static final Path ROOT = Path.of("..");
    private static final Path TABLE = ROOT.resolve("docs/bad-input.md");
    private static final String START = "<!-- attack-classes:start -->";
    private static final String END = "<!-- attack-classes:end -->";
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern TEST_ANNOTATION = Pattern.compile("@(Test|ParameterizedTest|FuzzTest)\\b");

    record Row(int number, String attack, String outcome, String testClass, String testMethod) {}

    @Test
    void everyAttackClassNamesATestThatAssertsItsOutcome() throws IOException {
        List<Row> rows = rows();

        assertThat(rows).hasSizeGreaterThanOrEqualTo(25);
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            assertThat(row.number()).as("row numbers run 1, 2, ...").isEqualTo(i + 1);
            List<String> source = testSource(row.testClass());
            assertThat(isTest(source, row.testMethod()))
                    .as("row %d: %s#%s is a test method", row.number(), row.testClass(), row.testMethod())
                    .isTrue();
            List<String> codes = CODE.matcher(row.outcome())
                    .results()
                    .map(match -> match.group(1))
                    .toList();
            // A quote in a table cell is \" in the Java string the test asserts.
            String text = String.join("\n", source).replace("\\\"", "\"");
            assertThat(codes)
                    .as("row %d names what its test asserts in `code`", row.number())
                    .isNotEmpty();
            assertThat(codes)
                    .as("row %d: what %s asserts", row.number(), row.testClass())
                    .allSatisfy(code -> assertThat(text).contains(code));
        }
    }

    private static List<Row> rows() throws IOException {
        List<String> lines = Files.readAllLines(TABLE);
        int start = lines.indexOf(START);
        int end = lines.indexOf(END);
        assertThat(start).as("%s in %s", START, TABLE).isNotNegative();
        assertThat(end).as("%s after the table's header", END).isGreaterThan(start + 2);
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(start + 3, end)) {
            String[] cells = Arrays.stream(
                            line.strip().replaceAll("^\\||\\|$", "").split("\\|"))
                    .map(String::strip)
                    .toArray(String[]::new);
            assertThat(cells).as("cells of: %s", line).hasSize(5);
            Matcher test = Pattern.compile("`(\\w+)#(\\w+)`").matcher(cells[4]);
            assertThat(test.matches())
                    .as("test cell `Class#method`: %s", cells[4])
                    .isTrue();
            rows.add(new Row(Integer.parseInt(cells[0]), cells[1], cells[3], test.group(1), test.group(2)));
        }
        return rows;
    }

    private static List<String> testSource(String testClass) throws IOException {
        List<Path> found;
        try (Stream<Path> modules = Files.list(ROOT)) {
            found = modules.map(module -> module.resolve("src/test/java"))
                    .filter(Files::isDirectory)
                    .flatMap(BadInputTableTest::files)
                    .filter(file -> file.getFileName().toString().equals(testClass + ".java"))
                    .toList();
        }
        assertThat(found).as("the source of %s", testClass).hasSize(1);
        return Files.readAllLines(found.get(0));
    }

    private static Stream<Path> files(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).toList().stream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // The method's declaration, and a test annotation in the lines just above it.
    private static boolean isTest(List<String> source, String method) {
        Pattern declaration = Pattern.compile("\\bvoid\\s+" + method + "\\(");
        for (int i = 0; i < source.size(); i++) {
            if (declaration.matcher(source.get(i)).find()) {
                for (int j = i - 1; j >= 0 && !source.get(j).isBlank(); j--) {
                    if (TEST_ANNOTATION.matcher(source.get(j)).find()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
