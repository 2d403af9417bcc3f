package dev.robotledger.gateway.provenance;

import dev.robotledger.contract.Sgtin;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A good's GS1 identity as the API shows it: its GTIN, serial and lot, the SGTIN's EPC URI (its
 * ledger id, and its name in EPCIS) and its GS1 Digital Link path ({@code /01/<gtin>/21/<serial>},
 * relative: a resolver's domain goes in front).
 */
public record Gs1Identity(String gtin, String serial, String lot, String epcUri, String digitalLink) {

    /** The identity of a good as the chaincode stores it, or empty for a good with a plain id. */
    public static Optional<Gs1Identity> of(JsonNode good) {
        JsonNode production = good.path("production");
        if (!production.path("gtin").isString()) {
            return Optional.empty();
        }
        String lot = production.path("lot").isString() ? production.path("lot").stringValue() : null;
        return Sgtin.fromEpcUri(good.path("id").asString())
                .filter(item -> item.gtin().equals(production.path("gtin").stringValue()))
                .map(item -> new Gs1Identity(item.gtin(), item.serial(), lot, item.epcUri(), item.digitalLinkPath()));
    }
}
