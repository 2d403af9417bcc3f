package dev.robotledger.gateway.testing;

import dev.robotledger.agent.testing.MosquittoBroker;
import java.io.IOException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL and a real Mosquitto for one test class, started before its {@code @BeforeAll}
 * methods and stopped after its last test:
 * {@code @RegisterExtension static final JournalAndBroker infra = new JournalAndBroker();}
 */
public final class JournalAndBroker implements BeforeAllCallback, AfterAllCallback {

    private PostgresServer postgres;
    private MosquittoBroker broker;
    private JournalDatabase db;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        postgres = PostgresServer.start();
        broker = MosquittoBroker.start();
        db = new JournalDatabase(postgres);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (broker != null) {
            broker.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public MosquittoBroker broker() {
        return broker;
    }

    public JournalDatabase db() {
        return db;
    }
}
