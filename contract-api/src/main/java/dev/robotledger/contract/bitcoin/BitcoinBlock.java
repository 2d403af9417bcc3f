package dev.robotledger.contract.bitcoin;

import java.util.ArrayList;
import java.util.List;

/** A serialised Bitcoin block: its header and its transactions, in order. */
public record BitcoinBlock(BitcoinHeader header, List<BitcoinTransaction> transactions) {

    public BitcoinBlock {
        transactions = List.copyOf(transactions);
    }

    public static BitcoinBlock parse(byte[] raw) {
        ByteReader in = new ByteReader(raw, "block");
        BitcoinHeader header = BitcoinHeader.of(in.take(BitcoinHeader.LENGTH));
        long count = in.compactSize();
        List<BitcoinTransaction> transactions = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            transactions.add(BitcoinTransaction.read(in));
        }
        if (!in.atEnd()) {
            throw new BitcoinFormatException(
                    "block " + header.blockHash() + " is followed by " + (raw.length - in.position()) + " more bytes");
        }
        return new BitcoinBlock(header, transactions);
    }

    public List<String> txids() {
        return transactions.stream().map(BitcoinTransaction::txid).toList();
    }
}
