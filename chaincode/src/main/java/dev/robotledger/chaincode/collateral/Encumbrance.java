package dev.robotledger.chaincode.collateral;

import java.util.List;

/**
 * The active liens that stop a good from being pledged: on the good itself, on a product that
 * contains it, or on a part inside it. Empty means unencumbered.
 */
public record Encumbrance(String goodId, List<Lien> activeLiens) {

    public Encumbrance {
        activeLiens = List.copyOf(activeLiens);
    }
}
