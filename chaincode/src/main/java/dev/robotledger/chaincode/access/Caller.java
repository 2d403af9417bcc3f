package dev.robotledger.chaincode.access;

import dev.robotledger.chaincode.ledger.Refusals;
import dev.robotledger.contract.ErrorCode;
import org.hyperledger.fabric.contract.Context;

/** The organisation that signed the transaction proposal, as reported by {@code ClientIdentity}. */
public record Caller(String mspId, OrgRole role) {

    /** Resolves the caller; an MSP that is not one of the channel's known orgs may not write. */
    public static Caller of(Context ctx) {
        String mspId = ctx.getClientIdentity().getMSPID();
        OrgRole role = OrgDirectory.roleOf(mspId)
                .orElseThrow(() ->
                        Refusals.of(ErrorCode.FORBIDDEN_ORG, "organisation " + mspId + " has no role on this channel"));
        return new Caller(mspId, role);
    }

    /** Refuses unless the caller has {@code required}; {@code action} names the refused write. */
    public Caller requireRole(OrgRole required, String action) {
        if (role != required) {
            throw Refusals.of(
                    ErrorCode.FORBIDDEN_ORG,
                    mspId + " (" + role + ") may not " + action + "; only a " + required + " org may");
        }
        return this;
    }
}
