package dev.robotledger.agent.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SequenceCounterTest {

    @TempDir
    Path dir;

    @Test
    void continuesWithoutGapAfterACleanClose() throws IOException {
        Path file = dir.resolve("seq");
        try (SequenceCounter counter = SequenceCounter.open(file, 100, 1)) {
            assertThat(counter.next()).isEqualTo(1);
            assertThat(counter.next()).isEqualTo(2);
        }
        try (SequenceCounter counter = SequenceCounter.open(file, 100, 1)) {
            assertThat(counter.next()).isEqualTo(3);
        }
    }

    @Test
    void neverReissuesANumberAfterACrash() throws IOException {
        Path file = dir.resolve("seq");
        SequenceCounter crashed = SequenceCounter.open(file, 10, 1);
        for (int i = 0; i < 13; i++) {
            crashed.next();
        }
        // No close(): the process died. The file must already cover everything issued.
        try (SequenceCounter counter = SequenceCounter.open(file, 10, 1)) {
            assertThat(counter.next()).isGreaterThan(13).isEqualTo(21);
        }
    }

    @Test
    void reservesTheBlockBeforeHandingOutItsFirstNumber() throws IOException {
        Path file = dir.resolve("seq");
        SequenceCounter counter = SequenceCounter.open(file, 5, 7);
        assertThat(Files.exists(file)).isFalse();
        assertThat(counter.next()).isEqualTo(7);
        assertThat(Files.readString(file).trim()).isEqualTo("12");
    }

    @Test
    void refusesACorruptFileNamingIt() throws IOException {
        Path file = dir.resolve("seq");
        Files.writeString(file, "twelve");
        assertThatThrownBy(() -> SequenceCounter.open(file, 5, 1)).hasMessageContaining(file.toString());
    }
}
