package dev.robotledger.contract.bitcoin;

/** Bytes that are not the Bitcoin structure they were read as (a header, a transaction, a block). */
public final class BitcoinFormatException extends IllegalArgumentException {

    public BitcoinFormatException(String message) {
        super(message);
    }
}
