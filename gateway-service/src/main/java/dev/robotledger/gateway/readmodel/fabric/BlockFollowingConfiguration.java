package dev.robotledger.gateway.readmodel.fabric;

import dev.robotledger.gateway.ledger.fabric.LedgerConnection;
import dev.robotledger.gateway.readmodel.BlockListener;
import dev.robotledger.gateway.readmodel.ReadModelProperties;
import dev.robotledger.gateway.readmodel.ReadModelStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The read model follows the peer's blocks when the ledger connection is on (a peer endpoint is set). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "gateway.ledger", name = "peer-endpoint")
class BlockFollowingConfiguration {

    @Bean
    LedgerBlockFollower ledgerBlockFollower(
            LedgerConnection ledger,
            ReadModelStore store,
            ObjectProvider<BlockListener> listeners,
            ReadModelProperties properties,
            MeterRegistry meters) {
        return new LedgerBlockFollower(
                ledger.gateway().getNetwork(ledger.channel()),
                new BlockDecoder(ledger.chaincode()),
                store,
                listeners.orderedStream().toList(),
                properties.retryInitial(),
                properties.retryMax(),
                meters);
    }
}
