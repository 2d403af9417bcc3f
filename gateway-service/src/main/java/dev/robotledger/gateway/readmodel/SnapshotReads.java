package dev.robotledger.gateway.readmodel;

import java.util.function.Supplier;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads that must agree with one ledger height: a read-only REPEATABLE READ transaction, so a block
 * projected meanwhile is never half seen. The isolation is set by the transaction's first statement
 * rather than through JDBC, which would cost three more round trips to PostgreSQL per read (the
 * driver asks for the session's level, sets it, and sets it back afterwards), as much as the reads
 * themselves for a one-record answer. A read started inside a transaction already open on this
 * thread joins it, and that transaction decides the isolation.
 */
public final class SnapshotReads {

    private final TransactionTemplate readOnly;
    private final LedgerState state;

    public SnapshotReads(PlatformTransactionManager transactions, LedgerState state) {
        this.readOnly = new TransactionTemplate(transactions);
        readOnly.setReadOnly(true);
        this.state = state;
    }

    public <T> T read(Supplier<T> query) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return query.get();
        }
        return readOnly.execute(status -> {
            state.repeatableRead();
            return query.get();
        });
    }
}
