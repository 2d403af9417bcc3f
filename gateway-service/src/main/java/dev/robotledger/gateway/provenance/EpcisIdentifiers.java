package dev.robotledger.gateway.provenance;

import dev.robotledger.contract.Sgtin;
import java.nio.charset.StandardCharsets;

/**
 * The URIs an EPCIS export names things by. A good with a GS1 identity is named by its SGTIN's
 * EPC URI ({@code urn:epc:id:sgtin:...}), which is its ledger id. Everything else has no GS1 key (a GIAI or SGLN needs
 * a GS1 company prefix the ledger does not record), so it gets a project URN:
 * <ul>
 *   <li>good: {@code urn:robotledger:good:<serial>}</li>
 *   <li>robot: {@code urn:robotledger:robot:<robotId>}</li>
 *   <li>organisation (MSP id): {@code urn:robotledger:org:<mspId>}</li>
 *   <li>station (read point): {@code urn:robotledger:location:<site>:<line>:<station>};
 *       line (business location): {@code urn:robotledger:location:<site>:<line>}</li>
 *   <li>ledger event: {@code urn:robotledger:event:<eventId>}; custody transfer (the business
 *       transaction, named by its proposal's event): {@code urn:robotledger:transfer:<eventId>};
 *       liquidation: {@code urn:robotledger:liquidation:<eventId>}</li>
 * </ul>
 * Each component is percent-encoded (only {@code A-Z a-z 0-9 - . _ ~} stay as they are), so
 * ids with {@code :} or characters that URIs forbid stay unambiguous.
 */
public final class EpcisIdentifiers {

    /** The namespace of our own JSON-LD terms, bound to the prefix {@value #PREFIX}. */
    public static final String VOCABULARY = "urn:robotledger:vocab:";

    public static final String PREFIX = "rl";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private EpcisIdentifiers() {}

    public static String good(String goodId) {
        if (Sgtin.isEpcUri(goodId)) {
            return Sgtin.fromEpcUri(goodId)
                    .map(Sgtin::epcUri)
                    .orElseThrow(() -> new ProvenanceFormatException("good " + goodId + " is not a valid SGTIN URN"));
        }
        return "urn:robotledger:good:" + encode(goodId);
    }

    public static String robot(String robotId) {
        return "urn:robotledger:robot:" + encode(robotId);
    }

    public static String org(String mspId) {
        return "urn:robotledger:org:" + encode(mspId);
    }

    public static String station(Production production) {
        return line(production) + ":" + encode(production.station());
    }

    public static String line(Production production) {
        return "urn:robotledger:location:" + encode(production.site()) + ":" + encode(production.line());
    }

    public static String event(String ledgerEventId) {
        return "urn:robotledger:event:" + encode(ledgerEventId);
    }

    public static String transfer(String proposalEventId) {
        return "urn:robotledger:transfer:" + encode(proposalEventId);
    }

    public static String liquidation(String ledgerEventId) {
        return "urn:robotledger:liquidation:" + encode(ledgerEventId);
    }

    /** A compact IRI of our vocabulary, e.g. {@code rl:torqueNm}. */
    public static String term(String name) {
        return PREFIX + ":" + encode(name);
    }

    static String encode(String component) {
        StringBuilder encoded = new StringBuilder(component.length());
        for (byte b : component.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~') {
                encoded.append(c);
            } else {
                encoded.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
            }
        }
        return encoded.toString();
    }
}
