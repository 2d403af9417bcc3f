package dev.robotledger.chaincode.provenance;

/** A good's provenance tree down to raw parts, with its size. */
public record Provenance(String goodId, int nodeCount, int depth, ProvenanceNode tree) {}
