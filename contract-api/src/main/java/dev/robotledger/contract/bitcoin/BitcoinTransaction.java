package dev.robotledger.contract.bitcoin;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A serialised Bitcoin transaction, with or without witness data (BIP 144). Its id is the double
 * SHA-256 of the serialisation without witnesses, so a SegWit transaction's id is computed from
 * its version, inputs, outputs and lock time only.
 */
public final class BitcoinTransaction {

    private final byte[] raw;
    private final String txid;
    private final List<byte[]> outputScripts;

    private BitcoinTransaction(byte[] raw, String txid, List<byte[]> outputScripts) {
        this.raw = raw;
        this.txid = txid;
        this.outputScripts = outputScripts;
    }

    public static BitcoinTransaction parse(byte[] raw) {
        ByteReader in = new ByteReader(raw, "transaction");
        BitcoinTransaction transaction = read(in);
        if (!in.atEnd()) {
            throw new BitcoinFormatException("transaction " + transaction.txid + " is followed by "
                    + (raw.length - in.position()) + " more bytes");
        }
        return transaction;
    }

    public static BitcoinTransaction fromHex(String hex) {
        if (hex == null || hex.isEmpty() || hex.length() % 2 != 0 || !hex.matches("[0-9a-f]+")) {
            throw new BitcoinFormatException("a raw transaction is an even number of lower-case hex characters");
        }
        return parse(Hashes.HEX.parseHex(hex));
    }

    /** Reads one transaction where {@code in} stands (a block holds them one after another). */
    static BitcoinTransaction read(ByteReader in) {
        int start = in.position();
        ByteArrayOutputStream stripped = new ByteArrayOutputStream();
        stripped.writeBytes(in.take(4));
        boolean witness = in.peek(0) == 0 && in.peek(1) == 1;
        if (witness) {
            in.take(2);
        }
        int inputsFrom = in.position();
        long inputs = in.compactSize();
        for (long i = 0; i < inputs; i++) {
            in.take(36);
            in.take(in.compactSize());
            in.take(4);
        }
        long outputCount = in.compactSize();
        List<byte[]> scripts = new ArrayList<>();
        for (long i = 0; i < outputCount; i++) {
            in.take(8);
            scripts.add(in.take(in.compactSize()));
        }
        stripped.writeBytes(in.slice(inputsFrom, in.position()));
        if (witness) {
            for (long i = 0; i < inputs; i++) {
                long items = in.compactSize();
                for (long j = 0; j < items; j++) {
                    in.take(in.compactSize());
                }
            }
        }
        stripped.writeBytes(in.take(4));
        byte[] raw = in.slice(start, in.position());
        return new BitcoinTransaction(
                raw, Hashes.display(Hashes.doubleSha256(stripped.toByteArray())), List.copyOf(scripts));
    }

    /** The transaction id as Bitcoin shows it. */
    public String txid() {
        return txid;
    }

    public byte[] raw() {
        return raw.clone();
    }

    public String hex() {
        return Hashes.HEX.formatHex(raw);
    }

    /** The locking scripts of the outputs, in order. */
    public List<byte[]> outputScripts() {
        return outputScripts.stream().map(byte[]::clone).toList();
    }
}
