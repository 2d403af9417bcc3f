package dev.robotledger.chaincode.ledger;

/** The idempotency record of one caller event: which request it was and what it returned. */
record EventRecord(
        String eventId,
        String function,
        String callerMspId,
        String requestSha256,
        String result,
        String txId,
        long recordedAtEpochMillis) {}
