package dev.robotledger.gateway.collateral.fabric;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Recognises the contract's error code in a refusal's message. The chaincode sends the code as
 * the response payload, but a peer's Gateway service passes on only the message
 * ({@code chaincode response 500, <message>}), so the code is read from the wording of the
 * contract's messages for the collateral transactions. {@code ChaincodeRefusalsTest} holds these
 * patterns to the real contract: it makes the contract refuse and compares with the code it sent.
 * A message matching none is not guessed at.
 */
final class ChaincodeRefusals {

    private static final String PEER_PREFIX = "chaincode response 500, ";
    private static final String ID = "\\S+";
    // Order matters where wordings overlap: the first match wins.
    private static final Map<String, Pattern> CODES = new LinkedHashMap<>();

    static {
        code("FORBIDDEN_ORG", "^" + ID + " \\([A-Z_]+\\) may not ", "^organisation " + ID + " has no role on this channel");
        code("NOT_LENDER", " may not .*loan " + ID + ": only its lender ");
        code("NOT_CUSTODIAN", " may not .* good " + ID + ": its custodian is ", "; only the custodian can pledge it$");
        code("NOT_LOAN_PARTY", "^loan " + ID + " was offered to " + ID + ", not to ", " may not read the terms of loan ");
        code("LIEN_ALREADY_EXISTS", "^loan " + ID + " already exists$");
        code("LOAN_OFFER_EXISTS", "^loan " + ID + " was already offered$");
        code("GOOD_ENCUMBERED", "^good " + ID + " cannot be pledged for loan ", ": it secures active loan ");
        code("LIEN_NOT_ACTIVE", "^cannot .* loan " + ID + ": its lien on good " + ID + " is ");
        code("LOAN_OFFER_NOT_OPEN", "^cannot .* the offer of loan " + ID + ": it is ");
        code("LOAN_OFFER_EXPIRED", "^the offer of loan " + ID + " expired at ");
        code("LOAN_OFFER_MISMATCH", " differs from lender .*'s offer in ", "^the loan terms sent with the pledge of loan ");
        code("LOAN_OFFER_NOT_FOUND", "^loan " + ID + " was never offered$", "^loan " + ID + " has no offer: ");
        code("LIEN_NOT_FOUND", "^loan " + ID + " does not exist$", "^the terms of loan " + ID + " are not on this peer");
        code("GOOD_NOT_FOUND", "^good " + ID + " does not exist$");
        code("PART_ALREADY_CONSUMED", "^cannot .* good " + ID + ": it is CONSUMED into ");
        code("GOOD_NOT_ACTIVE", "^cannot .* good " + ID + ": it is [A-Z_]+$");
        code("TRANSFER_PENDING", "^cannot .* good " + ID + ": a transfer to " + ID + " is pending ");
        code("PREIMAGE_MISMATCH", "^the preimage sent for loan ");
        code("PRICE_NOT_FOUND", "^no BTC price in [A-Z]+ was recorded in the ", "^price " + ID + " was never recorded$");
        code("PRICE_ALREADY_RECORDED", "^price " + ID + " was already recorded in transaction ");
        code("LTV_TOO_HIGH", " would start at \\d+ bps loan-to-value at price ");
        code("NOT_LIQUIDATABLE", "; liquidation needs \\d+ bps, reached from ");
        code("EVENT_ID_REUSED", "^event id " + ID + " was already used by ");
        code("RESULT_TOO_LARGE", "; at most \\d+ per query$");
        code("INVALID_ARGUMENT", ", which is not a (MANUFACTURER or RETAILER|LENDER) org of this channel$",
                "^loan " + ID + " names lender " + ID + " but is offered by ",
                "^the offer of loan " + ID + " expires at \\d+, not after this transaction's time",
                "^price " + ID + " has observedAtEpochMillis \\d+, later than the transaction time",
                " is (missing|invalid: |not valid JSON: |null$)", " must be in \\[");
    }

    private ChaincodeRefusals() {
    }

    private static void code(String code, String... patterns) {
        CODES.put(code, Pattern.compile(String.join("|", patterns)));
    }

    /** The chaincode's message without the peer's prefix. */
    static String chaincodeMessage(String peerMessage) {
        int at = peerMessage.indexOf(PEER_PREFIX);
        return at < 0 ? peerMessage : peerMessage.substring(at + PEER_PREFIX.length());
    }

    /** The contract's error code the message was written for, when it is one of the collateral refusals. */
    static Optional<String> codeOf(String peerMessage) {
        String message = chaincodeMessage(peerMessage);
        return CODES.entrySet().stream().filter(entry -> entry.getValue().matcher(message).find())
                .map(Map.Entry::getKey).findFirst();
    }
}
