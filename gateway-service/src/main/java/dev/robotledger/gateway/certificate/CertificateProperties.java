package dev.robotledger.gateway.certificate;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Certificate settings ({@code gateway.certificate.*}).
 *
 * @param organisationCasFile a PEM file of the organisations' CA certificates, published at
 *                            {@code GET /api/organisation-cas} for verifiers (unset: none published);
 *                            {@code network/system.sh up} writes it
 */
@ConfigurationProperties("gateway.certificate")
public record CertificateProperties(Path organisationCasFile) {}
