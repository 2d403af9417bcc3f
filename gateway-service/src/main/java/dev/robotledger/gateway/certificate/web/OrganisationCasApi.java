package dev.robotledger.gateway.certificate.web;

import dev.robotledger.gateway.certificate.OrganisationCas;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** The organisations' CA certificates, public: what anyone needs to verify a provenance certificate offline. */
@RestController
class OrganisationCasApi {

    static final String PEM = "application/x-pem-file";

    private final ObjectProvider<OrganisationCas> cas;

    OrganisationCasApi(ObjectProvider<OrganisationCas> cas) {
        this.cas = cas;
    }

    @GetMapping(value = "/api/organisation-cas", produces = PEM)
    @Operation(
            summary = "The organisations' CA certificates (PEM)",
            description = "The CA certificates that issued the organisations' Fabric identities, as one PEM file, each"
                    + " after a comment line with its subject and SHA-256 fingerprint (compare them with the"
                    + " organisation before trusting the file). A provenance certificate verifies offline against it:"
                    + " java -jar provenance-verifier.jar certificate.json organisation-cas.pem. No token needed.")
    @ApiResponse(
            responseCode = "200",
            description = "the PEM file",
            content =
                    @Content(
                            mediaType = PEM,
                            examples =
                                    @ExampleObject(
                                            "# CN=ca.manufacturer.test,O=manufacturer.test,L=San Francisco,ST=California,C=US\n"
                                                    + "# SHA-256 fingerprint 3F:9A:...\n-----BEGIN CERTIFICATE-----\nMIICQjCCAemgAwIBAgIQ...\n"
                                                    + "-----END CERTIFICATE-----\n")))
    ResponseEntity<byte[]> organisationCas() {
        OrganisationCas published = cas.getIfAvailable();
        if (published == null) {
            throw new ResponseStatusException(
                    HttpStatus.NOT_FOUND,
                    "this gateway publishes no organisation CA"
                            + " certificates (gateway.certificate.organisation-cas-file is not set)");
        }
        return ResponseEntity.ok()
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename("organisation-cas.pem")
                                .build()
                                .toString())
                .body(published.pem());
    }
}
