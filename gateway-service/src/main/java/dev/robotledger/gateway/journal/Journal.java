package dev.robotledger.gateway.journal;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/** The write side of the journal: one {@link JournalTransaction} per group commit. */
@Component
public class Journal {

    private final DataSource dataSource;
    private final int deadLetterBodyLimit;
    private final DeadLetterRate deadLetterRate;

    public Journal(DataSource dataSource, JournalProperties properties) {
        this.dataSource = dataSource;
        this.deadLetterBodyLimit = properties.deadLetterBodyLimit();
        this.deadLetterRate = new DeadLetterRate(properties.deadLettersPerRobotPerMinute());
    }

    /** Opens a transaction; the caller must {@link JournalTransaction#close() close} it. */
    public JournalTransaction begin() throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(false);
            return new JournalTransaction(connection, deadLetterBodyLimit, deadLetterRate);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }
}
