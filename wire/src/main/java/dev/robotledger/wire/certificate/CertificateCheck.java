package dev.robotledger.wire.certificate;

import dev.robotledger.wire.proof.ProofCheck.Outcome;
import java.util.Objects;

/**
 * One check of a {@link ProvenanceCertificate}: which link, which element of the certificate it
 * looked at (a section, a good id, a robot id, {@code readingProofs[2]}), and what it found.
 */
public record CertificateCheck(Step step, String element, Outcome outcome, String detail) {

    /** The links, in the order they are checked. */
    public enum Step {
        /** The issuer's certificate chains to a trusted CA at the verification time. */
        ISSUER_CHAIN("issuer chain"),
        /** The issuer's key signed the manifest, the good id and the issuing time. */
        ISSUER_SIGNATURE("issuer signature"),
        /** A section's content hashes to the digest the manifest signs. */
        SECTION_DIGEST("section digest"),
        /** The tree is the ledger's answer for the certificate's good and is consistent in itself. */
        PROVENANCE_TREE("provenance tree"),
        /** A robot's record in the bundle is the one the tree's robot summary shows, with a P-256 key. */
        ROBOT_KEY("robot key"),
        /** A reading inclusion proof verifies under the bundle's key of its robot. */
        READING_PROOF("reading proof"),
        /** A proof's batch root is the root of the listed anchor of its batch. */
        PROOF_ANCHOR("proof anchor"),
        /** A good naming a telemetry anchor has a verified reading of its producing robot under it. */
        PRODUCTION_COVERED("production covered"),
        /** Every ledger transaction a good names is listed with a block number, and nothing else is. */
        LEDGER_RECORDS("ledger records"),
        /** Every telemetry anchor the tree names is listed with its transaction, and nothing else is. */
        ANCHOR_LISTED("anchor listed"),
        /** Fabric headers chain the certificate's newest block to the block anchored in Bitcoin. */
        FABRIC_HEADER_CHAIN("fabric header chain"),
        /** The Bitcoin transaction is the txid and its OP_RETURN carries the anchored block's hash. */
        BITCOIN_TRANSACTION("bitcoin transaction"),
        /** The Bitcoin block header the reader gave is the anchor's block, with work, and holds the transaction. */
        BITCOIN_BLOCK("bitcoin block");

        private final String label;

        Step(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public CertificateCheck {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(element, "element");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
        if (outcome == Outcome.ABSENT && step != Step.PRODUCTION_COVERED && step != Step.BITCOIN_BLOCK) {
            throw new IllegalArgumentException(
                    step + " passes or fails; only production coverage and the Bitcoin block" + " can be absent");
        }
    }

    public boolean failed() {
        return outcome == Outcome.FAILED;
    }

    @Override
    public String toString() {
        return step.label() + " [" + element + "]: " + outcome + " - " + detail;
    }
}
