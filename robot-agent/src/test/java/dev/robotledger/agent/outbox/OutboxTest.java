package dev.robotledger.agent.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {

    @TempDir
    Path dir;

    @Test
    void keepsEntriesInOrderWithTheirExactBytes() throws IOException {
        try (Outbox outbox = Outbox.open(dir)) {
            assertThat(outbox.append("t/a", bytes("one"))).isEqualTo(0);
            assertThat(outbox.append("t/b", bytes("two"))).isEqualTo(1);
            OutboxEntry second = outbox.read(1).orElseThrow();
            assertThat(second.topic()).isEqualTo("t/b");
            assertThat(second.payload()).isEqualTo(bytes("two"));
            assertThat(outbox.backlog()).isEqualTo(2);
        }
    }

    @Test
    void keepsUnacknowledgedEntriesAcrossARestart() throws IOException {
        try (Outbox outbox = Outbox.open(dir)) {
            for (int i = 0; i < 5; i++) {
                outbox.append("t", bytes("m" + i));
            }
            outbox.acknowledge(0);
            outbox.acknowledge(1);
        }
        try (Outbox outbox = Outbox.open(dir)) {
            assertThat(outbox.firstPending()).isEqualTo(2);
            assertThat(outbox.backlog()).isEqualTo(3);
            assertThat(outbox.read(2).orElseThrow().payload()).isEqualTo(bytes("m2"));
            assertThat(outbox.append("t", bytes("m5"))).isEqualTo(5);
        }
    }

    @Test
    void survivesACrashWithoutCloseResendingRatherThanLosing() throws IOException {
        Outbox crashed = Outbox.open(dir);
        for (int i = 0; i < 3; i++) {
            crashed.append("t", bytes("m" + i));
        }
        crashed.acknowledge(0);
        // No close(): acknowledgements not yet written down mean resending, never losing.
        try (Outbox outbox = Outbox.open(dir)) {
            assertThat(outbox.firstPending()).isLessThanOrEqualTo(1);
            assertThat(outbox.nextIndex()).isEqualTo(3);
            assertThat(outbox.read(2).orElseThrow().payload()).isEqualTo(bytes("m2"));
        }
    }

    @Test
    void acceptsAcknowledgementsOutOfOrderAndTwice() throws IOException {
        try (Outbox outbox = Outbox.open(dir)) {
            for (int i = 0; i < 4; i++) {
                outbox.append("t", bytes("m" + i));
            }
            outbox.acknowledge(2);
            outbox.acknowledge(2);
            assertThat(outbox.firstPending()).isEqualTo(0);
            assertThat(outbox.backlog()).isEqualTo(3);
            assertThat(outbox.read(2)).isEmpty();
            outbox.acknowledge(0);
            outbox.acknowledge(1);
            assertThat(outbox.firstPending()).isEqualTo(3);
            outbox.acknowledge(0);
            assertThat(outbox.backlog()).isEqualTo(1);
        }
    }

    @Test
    void cutsOffATornLastRecord() throws IOException {
        try (Outbox outbox = Outbox.open(dir)) {
            outbox.append("t", bytes("complete"));
            outbox.append("t", bytes("torn"));
        }
        Path segment = segments().get(0);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - 2);
        }
        try (Outbox outbox = Outbox.open(dir)) {
            assertThat(outbox.nextIndex()).isEqualTo(1);
            assertThat(outbox.read(0).orElseThrow().payload()).isEqualTo(bytes("complete"));
            assertThat(outbox.append("t", bytes("next"))).isEqualTo(1);
        }
    }

    @Test
    void refusesACorruptedRecordInTheMiddleOfASegmentSeries() throws IOException {
        try (Outbox outbox = Outbox.open(dir)) {
            outbox.append("t", new byte[17 * 1024 * 1024]);
            outbox.append("t", bytes("in the second segment"));
        }
        assertThat(segments()).hasSize(2);
        Path first = segments().get(0);
        try (FileChannel channel = FileChannel.open(first, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}), 100);
        }
        assertThatThrownBy(() -> Outbox.open(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(first.getFileName().toString());
    }

    @Test
    void deletesSegmentsOnceEverythingInThemIsAcknowledged() throws IOException {
        try (Outbox outbox = Outbox.open(dir)) {
            outbox.append("t", new byte[17 * 1024 * 1024]);
            outbox.append("t", bytes("second segment"));
            assertThat(segments()).hasSize(2);
            outbox.acknowledge(0);
            assertThat(segments()).hasSize(1);
        }
        try (Outbox outbox = Outbox.open(dir)) {
            assertThat(outbox.firstPending()).isEqualTo(1);
            assertThat(outbox.read(1).orElseThrow().payload()).isEqualTo(bytes("second segment"));
        }
    }

    @Test
    void wakesAWaitingReaderWhenAnEntryArrives() throws Exception {
        try (Outbox outbox = Outbox.open(dir)) {
            assertThat(outbox.awaitAppended(0, 10, TimeUnit.MILLISECONDS)).isFalse();
            Thread writer = new Thread(() -> {
                try {
                    outbox.append("t", bytes("late"));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            writer.start();
            assertThat(outbox.awaitAppended(0, 10, TimeUnit.SECONDS)).isTrue();
            writer.join();
        }
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("segment-"))
                    .sorted()
                    .toList();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
