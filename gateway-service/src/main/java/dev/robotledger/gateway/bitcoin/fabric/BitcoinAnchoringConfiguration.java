package dev.robotledger.gateway.bitcoin.fabric;

import dev.robotledger.gateway.bitcoin.BitcoinAnchoringProperties;
import dev.robotledger.gateway.bitcoin.LedgerAnchoring;
import dev.robotledger.gateway.ledger.LedgerProperties;
import dev.robotledger.gateway.ledger.PollingThread;
import dev.robotledger.gateway.ledger.fabric.ProvenanceContractClient;
import dev.robotledger.gateway.lightning.OnChainWallet;
import dev.robotledger.gateway.readmodel.LedgerState;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Anchoring in Bitcoin, when {@code gateway.bitcoin-anchoring.enabled}: needs the ledger connection and the lnd node. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "gateway.bitcoin-anchoring", name = "enabled", havingValue = "true")
class BitcoinAnchoringConfiguration {

    private static final Logger log = LoggerFactory.getLogger(BitcoinAnchoringConfiguration.class);

    @Bean
    LedgerAnchoring ledgerAnchoring(
            LedgerState state,
            ObjectProvider<OnChainWallet> wallet,
            ObjectProvider<ProvenanceContractClient> contract,
            BitcoinAnchoringProperties properties,
            LedgerProperties ledger) {
        return new LedgerAnchoring(
                state,
                wallet.getIfAvailable(() -> {
                    throw new IllegalStateException("gateway.bitcoin-anchoring.enabled needs this gateway's lnd node:"
                            + " set gateway.lightning.host (and its TLS certificate and macaroon)");
                }),
                new FabricBitcoinAnchorLedger(contract.getIfAvailable(() -> {
                    throw new IllegalStateException("gateway.bitcoin-anchoring.enabled needs the ledger connection:"
                            + " set gateway.ledger.peer-endpoint");
                })),
                properties,
                ledger.channel(),
                Clock.systemUTC());
    }

    @Bean(initMethod = "start", destroyMethod = "stop")
    PollingThread bitcoinAnchoringThread(LedgerAnchoring anchoring, BitcoinAnchoringProperties properties) {
        return new PollingThread("bitcoin-anchoring", properties.pollInterval(), () -> {
            try {
                anchoring.round();
            } catch (RuntimeException e) {
                log.warn(
                        "Bitcoin anchoring round failed, trying again in {}: {}",
                        properties.pollInterval(),
                        e.toString());
            }
        });
    }
}
