package dev.robotledger.gateway.certificate;

import dev.robotledger.gateway.ledger.SigningIdentity;
import dev.robotledger.gateway.provenance.ProvenanceReadModel;
import dev.robotledger.gateway.readmodel.LedgerState;
import dev.robotledger.gateway.telemetry.ReadingInclusionProofs;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Certificates are signed with the organisation's Fabric identity: on when the ledger connection is. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "gateway.ledger", name = "peer-endpoint")
class CertificateConfiguration {

    @Bean
    CertificateIssuer certificateIssuer(
            ProvenanceReadModel readModel,
            LedgerState state,
            JdbcTemplate journal,
            ReadingInclusionProofs proofs,
            SigningIdentity identity,
            TransactionTemplate transactions) {
        return new CertificateIssuer(readModel, state, journal, proofs, identity, transactions, Clock.systemUTC());
    }
}
