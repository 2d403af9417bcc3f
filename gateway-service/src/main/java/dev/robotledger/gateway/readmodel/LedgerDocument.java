package dev.robotledger.gateway.readmodel;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * An entity as the read model holds it: the chaincode's JSON and the transaction that wrote this
 * version. {@code document} is null for a version that deleted the entity.
 */
public record LedgerDocument(
        String objectType,
        String id,
        JsonNode document,
        long blockNumber,
        String transactionId,
        Instant transactionTime,
        String function) {}
