package dev.robotledger.ledger.embedded;

import dev.robotledger.contract.testkit.InMemoryLedger;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * The blocks of an embedded ledger in one append-only file, each with what its VALID
 * transactions changed (public writes, validation parameters, private data, the event), so that
 * a restart serves the same blocks, byte for byte, and rebuilds the same world state. Private
 * data is kept here because blocks carry only its hashes, as on Fabric.
 *
 * <p>Each record is its length, the CRC-32 of its body, and the body. {@link #append} returns
 * only once the record is on the disk (fsync). A torn last record, from a process that died
 * while writing it, was never answered as committed: {@link #read} cuts it off.
 */
final class BlockFile implements AutoCloseable {

    private static final int HEADER_BYTES = 2 * Integer.BYTES;
    private static final int NO_VALUE = -1;

    private final Path path;
    private final FileChannel file;

    private BlockFile(Path path, FileChannel file) {
        this.path = path;
        this.file = file;
    }

    /** Opens the file, creating it (and making its directory entry durable) when it does not exist. */
    static BlockFile open(Path path) throws IOException {
        boolean created = Files.notExists(path);
        FileChannel file =
                FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        if (created) {
            try (FileChannel directory = FileChannel.open(path.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
                directory.force(true);
            }
        }
        return new BlockFile(path, file);
    }

    /**
     * Every record, in order. A torn last record (one that runs to the end of the file but is
     * short or fails its checksum) is removed from the file; a damaged record before the last
     * one is not a torn write, and is refused.
     */
    synchronized List<BlockStore.StoredBlock> read() throws IOException {
        List<BlockStore.StoredBlock> blocks = new ArrayList<>();
        long size = file.size();
        long position = 0;
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        while (size - position >= HEADER_BYTES) {
            header.clear();
            file.read(header, position);
            int length = header.flip().getInt();
            int crc = header.getInt();
            long end = position + HEADER_BYTES + length;
            if (length < 0) {
                throw damaged(position, size);
            }
            if (end > size) {
                break;
            }
            ByteBuffer body = ByteBuffer.allocate(length);
            file.read(body, position + HEADER_BYTES);
            if (crc != crc(body.array())) {
                if (end < size) {
                    throw damaged(position, size);
                }
                break;
            }
            blocks.add(decode(body.array()));
            position = end;
        }
        if (position < size) {
            file.truncate(position);
            file.force(true);
        }
        file.position(position);
        return blocks;
    }

    private IOException damaged(long position, long size) {
        return new IOException(path + " is damaged at byte " + position + " of " + size
                + ", before its last record: not a write the process did not finish, so it is not repaired");
    }

    /** Appends a block and returns once it is durable. */
    synchronized void append(BlockStore.StoredBlock block) throws IOException {
        byte[] body = encode(block);
        ByteBuffer record = ByteBuffer.allocate(HEADER_BYTES + body.length);
        record.putInt(body.length).putInt(crc(body)).put(body).flip();
        while (record.hasRemaining()) {
            file.write(record);
        }
        file.force(true);
    }

    @Override
    public synchronized void close() throws IOException {
        file.close();
    }

    private static int crc(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return (int) crc.getValue();
    }

    private static byte[] encode(BlockStore.StoredBlock block) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        writeBytes(out, block.block().toByteArray());
        out.writeInt(block.transactions().size());
        for (BlockStore.Transaction tx : block.transactions()) {
            writeString(out, tx.transactionId());
            out.writeInt(tx.code().getNumber());
            writeBytes(out, tx.event() == null ? null : tx.event().toByteArray());
            out.writeBoolean(tx.changes() != null);
            if (tx.changes() != null) {
                writeChanges(out, tx.changes());
            }
        }
        out.flush();
        return bytes.toByteArray();
    }

    private static BlockStore.StoredBlock decode(byte[] body) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(body));
        Block block = Block.parseFrom(readBytes(in));
        int count = in.readInt();
        List<BlockStore.Transaction> transactions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String transactionId = readString(in);
            TxValidationCode code = TxValidationCode.forNumber(in.readInt());
            byte[] event = readBytes(in);
            InMemoryLedger.Changes changes = in.readBoolean() ? readChanges(in) : null;
            transactions.add(new BlockStore.Transaction(
                    transactionId,
                    code,
                    Envelope.parseFrom(block.getData().getData(i)),
                    event == null ? null : ChaincodeEvent.parseFrom(event),
                    changes));
        }
        return new BlockStore.StoredBlock(block, List.copyOf(transactions));
    }

    private static void writeChanges(DataOutputStream out, InMemoryLedger.Changes changes) throws IOException {
        writeString(out, changes.txId());
        out.writeLong(changes.timestamp().getEpochSecond());
        out.writeInt(changes.timestamp().getNano());
        writeMap(out, changes.writes());
        writeMap(out, changes.validationParameters());
        out.writeInt(changes.privateWrites().size());
        for (Map.Entry<String, Map<String, byte[]>> collection :
                changes.privateWrites().entrySet()) {
            writeString(out, collection.getKey());
            writeMap(out, collection.getValue());
        }
        InMemoryLedger.Event event = changes.event();
        out.writeBoolean(event != null);
        if (event != null) {
            writeString(out, event.name());
            writeBytes(out, event.payload());
        }
    }

    private static InMemoryLedger.Changes readChanges(DataInputStream in) throws IOException {
        String txId = readString(in);
        Instant timestamp = Instant.ofEpochSecond(in.readLong(), in.readInt());
        Map<String, byte[]> writes = readMap(in);
        Map<String, byte[]> validationParameters = readMap(in);
        Map<String, Map<String, byte[]>> privateWrites = new TreeMap<>();
        int collections = in.readInt();
        for (int i = 0; i < collections; i++) {
            privateWrites.put(readString(in), readMap(in));
        }
        InMemoryLedger.Event event =
                in.readBoolean() ? new InMemoryLedger.Event(txId, readString(in), readBytes(in)) : null;
        return new InMemoryLedger.Changes(txId, timestamp, writes, validationParameters, privateWrites, event);
    }

    private static void writeMap(DataOutputStream out, Map<String, byte[]> values) throws IOException {
        out.writeInt(values.size());
        for (Map.Entry<String, byte[]> entry : values.entrySet()) {
            writeString(out, entry.getKey());
            writeBytes(out, entry.getValue());
        }
    }

    private static Map<String, byte[]> readMap(DataInputStream in) throws IOException {
        int size = in.readInt();
        Map<String, byte[]> values = new TreeMap<>();
        for (int i = 0; i < size; i++) {
            values.put(readString(in), readBytes(in));
        }
        return values;
    }

    // Keys are UTF-8 bytes with a length, not writeUTF: composite keys hold U+0000, and values may pass 64 KB.
    private static void writeString(DataOutputStream out, String value) throws IOException {
        writeBytes(out, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String readString(DataInputStream in) throws IOException {
        return new String(readBytes(in), StandardCharsets.UTF_8);
    }

    private static void writeBytes(DataOutputStream out, byte[] value) throws IOException {
        if (value == null) {
            out.writeInt(NO_VALUE);
            return;
        }
        out.writeInt(value.length);
        out.write(value);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length == NO_VALUE) {
            return null;
        }
        if (length < 0 || length > in.available()) {
            throw new EOFException("a field of " + length + " bytes in a record of " + in.available() + " left");
        }
        byte[] value = new byte[length];
        in.readFully(value);
        return value;
    }
}
