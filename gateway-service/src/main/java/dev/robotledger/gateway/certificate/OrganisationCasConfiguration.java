package dev.robotledger.gateway.certificate;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The organisations' CA certificates, read at start: a file that cannot be read stops the gateway with its name. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "gateway.certificate", name = "organisation-cas-file")
class OrganisationCasConfiguration {

    @Bean
    OrganisationCas organisationCas(CertificateProperties properties) {
        try {
            return OrganisationCas.read(properties.organisationCasFile());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("gateway.certificate.organisation-cas-file: " + e.getMessage(), e);
        }
    }
}
