package dev.robotledger.chaincode.access;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The only place that maps MSP ids to roles. The channel's organisations are fixed by its
 * configuration, so the mapping is code: adding an org is a chaincode upgrade, endorsed by all.
 */
public final class OrgDirectory {

    public static final String MANUFACTURER_MSP = "ManufacturerMSP";
    public static final String RETAILER_MSP = "RetailerMSP";
    public static final String LENDER_MSP = "LenderMSP";
    public static final String ORACLE_MSP = "OracleMSP";

    private static final Map<String, OrgRole> ROLES = Map.of(
            MANUFACTURER_MSP, OrgRole.MANUFACTURER,
            RETAILER_MSP, OrgRole.RETAILER,
            LENDER_MSP, OrgRole.LENDER,
            ORACLE_MSP, OrgRole.ORACLE);

    private OrgDirectory() {}

    public static Optional<OrgRole> roleOf(String mspId) {
        return Optional.ofNullable(mspId).map(ROLES::get);
    }

    public static Set<String> knownMspIds() {
        return ROLES.keySet();
    }
}
