package dev.robotledger.chaincode.good;

import dev.robotledger.contract.Disposition;

/**
 * An operator's decision on a quarantined good, as recorded on it: who decided ({@code operator},
 * a person's reference given by the organisation), why, which organisation signed it, when and in
 * which transaction; {@code dispositionId} is the event id that recorded it.
 */
public record DispositionRecord(
        String dispositionId,
        Disposition decision,
        String operator,
        String reason,
        String byOrg,
        long decidedAtEpochMillis,
        String txId) {}
