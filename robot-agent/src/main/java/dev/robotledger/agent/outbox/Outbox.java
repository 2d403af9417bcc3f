package dev.robotledger.agent.outbox;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * A durable, append-only queue of messages waiting for the broker's acknowledgement. Each
 * {@link #append} is fsynced before it returns and gets the next index; entries stay on disk, in
 * order, until {@link #acknowledge acknowledged}, across broker outages and process restarts.
 *
 * <p>On disk: a directory of segment files {@code segment-<first index>.log} holding records
 * {@code [int length][int crc32c][short topic length][topic][payload]}, and a file {@code acked}
 * with the lowest unacknowledged index. A torn record at the end of the last segment (a crash in
 * the middle of an append that never returned) is cut off when the outbox opens.
 */
public final class Outbox implements Closeable {

    private static final long SEGMENT_BYTES = 16L * 1024 * 1024;
    private static final int HEADER_BYTES = 8;
    private static final int MAX_RECORD_BYTES = 64 * 1024 * 1024;
    private static final String ACKED_FILE = "acked";

    private final Path dir;
    private final TreeMap<Long, Segment> segments = new TreeMap<>();
    private final TreeSet<Long> ackedAhead = new TreeSet<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    private long firstPending;
    private long nextIndex;
    private boolean closed;

    private Outbox(Path dir) {
        this.dir = dir;
    }

    /** Opens the outbox in {@code dir}, creating it if needed, and recovers what a crash left. */
    public static Outbox open(Path dir) throws IOException {
        Files.createDirectories(dir);
        Outbox outbox = new Outbox(dir);
        outbox.recover();
        return outbox;
    }

    /** Stores a message durably and returns its index; the next index is one higher. */
    public long append(String topic, byte[] payload) throws IOException {
        byte[] topicBytes = topic.getBytes(StandardCharsets.UTF_8);
        if (topicBytes.length > Short.MAX_VALUE || topicBytes.length == 0) {
            throw new IllegalArgumentException("topic length must be 1.." + Short.MAX_VALUE + " bytes: " + topic);
        }
        int bodyLength = 2 + topicBytes.length + payload.length;
        if (bodyLength > MAX_RECORD_BYTES) {
            throw new IllegalArgumentException("a message of " + payload.length + " bytes is too large for the outbox");
        }
        ByteBuffer body = ByteBuffer.allocate(bodyLength);
        body.putShort((short) topicBytes.length).put(topicBytes).put(payload).flip();
        CRC32C crc = new CRC32C();
        crc.update(body.duplicate());
        ByteBuffer record = ByteBuffer.allocate(HEADER_BYTES + bodyLength);
        record.putInt(bodyLength).putInt((int) crc.getValue()).put(body).flip();

        lock.lock();
        try {
            checkOpen();
            Segment active = segments.lastEntry().getValue();
            if (active.size >= SEGMENT_BYTES) {
                active = startSegment(nextIndex);
            }
            active.append(record);
            appended.signalAll();
            return nextIndex++;
        } finally {
            lock.unlock();
        }
    }

    /** The stored entry at {@code index}, or empty if it is acknowledged already or not yet appended. */
    public Optional<OutboxEntry> read(long index) throws IOException {
        lock.lock();
        try {
            checkOpen();
            if (index < firstPending || index >= nextIndex || ackedAhead.contains(index)) {
                return Optional.empty();
            }
            return Optional.of(segments.floorEntry(index).getValue().read(index));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until an entry at {@code index} or later has been appended, or the time is up.
     * Returns whether one is there.
     */
    public boolean awaitAppended(long index, long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lock();
        try {
            while (nextIndex <= index && !closed) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = appended.awaitNanos(nanos);
            }
            return nextIndex > index;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Marks an entry as delivered. Acknowledgements may come out of order and more than once;
     * segments whose entries are all acknowledged are deleted.
     */
    public void acknowledge(long index) throws IOException {
        lock.lock();
        try {
            checkOpen();
            if (index < firstPending || index >= nextIndex) {
                return;
            }
            ackedAhead.add(index);
            while (ackedAhead.remove(firstPending)) {
                firstPending++;
            }
            deleteAcknowledgedSegments();
        } finally {
            lock.unlock();
        }
    }

    /** The lowest index not yet acknowledged (equal to {@link #nextIndex()} when nothing is pending). */
    public long firstPending() {
        lock.lock();
        try {
            return firstPending;
        } finally {
            lock.unlock();
        }
    }

    public long nextIndex() {
        lock.lock();
        try {
            return nextIndex;
        } finally {
            lock.unlock();
        }
    }

    /** How many entries wait for an acknowledgement. */
    public long backlog() {
        lock.lock();
        try {
            return nextIndex - firstPending - ackedAhead.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            appended.signalAll();
            writeAcked();
            for (Segment segment : segments.values()) {
                segment.channel.close();
            }
        } finally {
            lock.unlock();
        }
    }

    private void recover() throws IOException {
        long acked = 0;
        Path ackedFile = dir.resolve(ACKED_FILE);
        if (Files.exists(ackedFile)) {
            String text = Files.readString(ackedFile, StandardCharsets.US_ASCII).trim();
            try {
                acked = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IOException("outbox file " + ackedFile + " is corrupt: '" + text + "'", e);
            }
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(p -> p.getFileName().toString().matches("segment-\\d{20}\\.log"))
                    .sorted()
                    .toList();
        }
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            long first = Long.parseLong(file.getFileName().toString().substring(8, 28));
            if (!segments.isEmpty() && first != nextIndex) {
                throw new IOException("outbox segment " + file + " starts at " + first + ", expected " + nextIndex);
            }
            Segment segment = Segment.recover(file, first, i == files.size() - 1);
            segments.put(first, segment);
            nextIndex = first + segment.count;
        }
        if (segments.isEmpty()) {
            nextIndex = acked;
            startSegment(nextIndex);
        }
        // A stale acked file (crash before it was rewritten) only means some entries are sent again.
        firstPending = Math.min(Math.max(acked, segments.firstKey()), nextIndex);
    }

    private Segment startSegment(long first) throws IOException {
        Path file = dir.resolve(String.format("segment-%020d.log", first));
        FileChannel channel = FileChannel.open(
                file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        Segment segment = new Segment(file, first, channel);
        segments.put(first, segment);
        forceDirectory();
        return segment;
    }

    private void deleteAcknowledgedSegments() throws IOException {
        List<Segment> done = new ArrayList<>();
        for (Map.Entry<Long, Segment> entry : segments.entrySet()) {
            Segment segment = entry.getValue();
            if (segment != segments.lastEntry().getValue() && segment.first + segment.count <= firstPending) {
                done.add(segment);
            }
        }
        if (done.isEmpty()) {
            return;
        }
        writeAcked();
        for (Segment segment : done) {
            segment.channel.close();
            Files.delete(segment.file);
            segments.remove(segment.first);
        }
    }

    private void writeAcked() throws IOException {
        Path temp = dir.resolve(ACKED_FILE + ".tmp");
        Files.writeString(temp, firstPending + "\n", StandardCharsets.US_ASCII);
        Files.move(temp, dir.resolve(ACKED_FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private void forceDirectory() throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("outbox " + dir + " is closed");
        }
    }

    private static final class Segment {
        final Path file;
        final long first;
        final FileChannel channel;
        long[] offsets = new long[1024];
        int count;
        long size;

        Segment(Path file, long first, FileChannel channel) {
            this.file = file;
            this.first = first;
            this.channel = channel;
        }

        static Segment recover(Path file, long first, boolean last) throws IOException {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            Segment segment = new Segment(file, first, channel);
            long fileSize = channel.size();
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
            while (segment.size < fileSize) {
                long offset = segment.size;
                header.clear();
                boolean valid = readFully(channel, header, offset)
                        && header.getInt(0) > 0
                        && header.getInt(0) <= MAX_RECORD_BYTES
                        && offset + HEADER_BYTES + header.getInt(0) <= fileSize;
                if (valid) {
                    ByteBuffer body = ByteBuffer.allocate(header.getInt(0));
                    readFully(channel, body, offset + HEADER_BYTES);
                    CRC32C crc = new CRC32C();
                    crc.update(body.flip());
                    valid = (int) crc.getValue() == header.getInt(4);
                }
                if (!valid) {
                    if (!last) {
                        channel.close();
                        throw new IOException("outbox segment " + file + " is corrupt at byte " + offset);
                    }
                    // Only an append that never returned can be torn: drop it.
                    channel.truncate(offset);
                    channel.force(true);
                    break;
                }
                segment.add(offset, HEADER_BYTES + header.getInt(0));
            }
            return segment;
        }

        void append(ByteBuffer record) throws IOException {
            long offset = size;
            int length = record.remaining();
            while (record.hasRemaining()) {
                channel.write(record, offset + (length - record.remaining()));
            }
            channel.force(false);
            add(offset, length);
        }

        OutboxEntry read(long index) throws IOException {
            long offset = offsets[(int) (index - first)];
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
            readFully(channel, header, offset);
            ByteBuffer body = ByteBuffer.allocate(header.getInt(0));
            if (!readFully(channel, body, offset + HEADER_BYTES)) {
                throw new IOException("outbox segment " + file + " lost entry " + index);
            }
            body.flip();
            byte[] topic = new byte[body.getShort()];
            body.get(topic);
            byte[] payload = new byte[body.remaining()];
            body.get(payload);
            return new OutboxEntry(index, new String(topic, StandardCharsets.UTF_8), payload);
        }

        private void add(long offset, int length) {
            if (count == offsets.length) {
                offsets = Arrays.copyOf(offsets, count * 2);
            }
            offsets[count++] = offset;
            size = offset + length;
        }

        private static boolean readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
            while (buffer.hasRemaining()) {
                int read = channel.read(buffer, position + buffer.position());
                if (read < 0) {
                    return false;
                }
            }
            return true;
        }
    }
}
