package dev.robotledger.gateway.web;

import dev.robotledger.gateway.access.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The endpoint × role table in gateway-service/README.md, between its markers. */
record AccessTable(List<Row> rows) {

    static final Path README = Path.of("README.md");
    static final String START = "<!-- api-access:start -->";
    static final String END = "<!-- api-access:end -->";
    /** The column of callers that send no credentials. */
    static final String NO_TOKEN = "no token";

    /**
     * One row: the registered route, the request the test sends for it, and per caller
     * ({@link Role#label()} or {@link #NO_TOKEN}) {@code allowed}, {@code 401} or {@code 403}.
     */
    record Row(String route, String method, String path, Map<String, String> expected) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static AccessTable read() {
        List<String> lines;
        try {
            lines = Files.readAllLines(README);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int start = lines.indexOf(START);
        int end = lines.indexOf(END);
        if (start < 0 || end < start + 3) {
            throw new IllegalStateException(
                    "no access table between " + START + " and " + END + " in " + README.toAbsolutePath());
        }
        List<String> header = cells(lines.get(start + 1));
        List<String> callers = header.subList(2, header.size());
        List<String> expectedCallers =
                new ArrayList<>(Arrays.stream(Role.values()).map(Role::label).toList());
        expectedCallers.add(NO_TOKEN);
        if (!callers.equals(expectedCallers)) {
            throw new IllegalStateException(
                    "access table columns must be route, request, " + expectedCallers + "; found " + header);
        }
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(start + 3, end)) {
            List<String> cells = cells(line);
            if (cells.size() != header.size()) {
                throw new IllegalStateException(
                        "access table row has " + cells.size() + " cells, the header " + header.size() + ": " + line);
            }
            String[] request = cells.get(1).split(" ", 2);
            Map<String, String> expected = new LinkedHashMap<>();
            for (int i = 0; i < callers.size(); i++) {
                expected.put(callers.get(i), cells.get(i + 2));
            }
            rows.add(new Row(cells.get(0), request[0], request[1], expected));
        }
        return new AccessTable(rows);
    }

    private static List<String> cells(String line) {
        String trimmed = line.strip();
        return Arrays.stream(trimmed.substring(1, trimmed.length() - 1).split("\\|"))
                .map(cell -> cell.strip().replace("`", ""))
                .toList();
    }
}
