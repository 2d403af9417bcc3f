package dev.robotledger.agent.sequence;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A number source that survives restarts and never issues a number twice. Numbers are reserved in
 * blocks: the file records the first number not yet reserved and is fsynced before any number of a
 * new block is handed out. {@link #close()} records the exact next number, so a clean restart
 * continues without a gap; after a crash up to {@code blockSize - 1} numbers are skipped (a gap,
 * never a reuse).
 */
public final class SequenceCounter implements Closeable {

    private final Path file;
    private final int blockSize;
    private long next;
    private long reservedUntil;
    private boolean closed;

    private SequenceCounter(Path file, int blockSize, long next) {
        this.file = file;
        this.blockSize = blockSize;
        this.next = next;
        this.reservedUntil = next;
    }

    /** Opens (or creates, starting at {@code firstValue}) the counter kept in {@code file}. */
    public static SequenceCounter open(Path file, int blockSize, long firstValue) throws IOException {
        if (blockSize < 1) {
            throw new IllegalArgumentException("blockSize must be at least 1, got " + blockSize);
        }
        long next = firstValue;
        if (Files.exists(file)) {
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            try {
                next = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IOException("sequence file " + file + " is corrupt: '" + text + "'", e);
            }
        }
        return new SequenceCounter(file, blockSize, next);
    }

    /** The next number; persisted (as part of a reserved block) before it is returned. */
    public synchronized long next() throws IOException {
        if (closed) {
            throw new IllegalStateException("sequence " + file + " is closed");
        }
        if (next == reservedUntil) {
            reservedUntil = next + blockSize;
            write(reservedUntil);
        }
        return next++;
    }

    /** The number {@link #next()} would return, without issuing it. */
    public synchronized long peek() {
        return next;
    }

    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            write(next);
        }
    }

    private void write(long value) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(
                temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap((value + "\n").getBytes(StandardCharsets.US_ASCII)));
            channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(file.toAbsolutePath().getParent());
    }

    // The rename itself is only durable once the directory entry is flushed.
    static void forceDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
