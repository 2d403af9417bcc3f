package dev.robotledger.chaincode.collateral;

import dev.robotledger.chaincode.ledger.StateKey;

/** The last loan a good secured, under {@code goodLien/<goodId>}; the lien says whether it is still active. */
record GoodLien(String goodId, String loanId) {

    static StateKey key(String goodId) {
        return StateKey.of("goodLien", goodId);
    }
}
