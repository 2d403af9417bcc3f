package dev.robotledger.gateway.collateral.pricefeed;

import dev.robotledger.gateway.collateral.BtcPrice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Prices from a text file that another process appends to (e.g. a cron job fetching a market
 * price): the last line that is neither blank nor a {@code #} comment is the latest observation,
 * {@code <observedAtEpochMillis> <currency> <minorUnitsPerBtc> [source text]}, for example
 * {@code 1767225600000 USD 6543210 exchange-x spot}. Its price id is
 * {@code file-<currency>-<observedAtEpochMillis>}. A malformed last line is an
 * {@link IOException} naming the file and the line, like an unreadable file.
 */
public final class FilePriceSource implements BtcPriceSource {

    private final Path file;

    public FilePriceSource(Path file) {
        this.file = file;
    }

    @Override
    public Optional<BtcPrice> latest() throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i).strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                return Optional.of(parse(line, i + 1));
            }
        }
        return Optional.empty();
    }

    private BtcPrice parse(String line, int number) throws IOException {
        String[] fields = line.split("\\s+", 4);
        try {
            if (fields.length < 3) {
                throw new IllegalArgumentException(
                        "expected <observedAtEpochMillis> <currency> <minorUnitsPerBtc>" + " [source]");
            }
            long observedAt = Long.parseLong(fields[0]);
            String source = fields.length == 4 ? fields[3] : "price file " + file.getFileName();
            return new BtcPrice(
                    "file-" + fields[1] + "-" + observedAt, fields[1], Long.parseLong(fields[2]), source, observedAt);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " line " + number + " '" + line + "' is not a price: " + e.getMessage(), e);
        }
    }
}
