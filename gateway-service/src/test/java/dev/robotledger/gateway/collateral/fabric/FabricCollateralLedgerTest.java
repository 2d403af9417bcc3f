package dev.robotledger.gateway.collateral.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.robotledger.chaincode.collateral.LoanOfferRequest;
import dev.robotledger.chaincode.collateral.PreimageRelease;
import dev.robotledger.gateway.collateral.LoanTerms;
import dev.robotledger.gateway.collateral.PledgeRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The requests the adapter builds, read back with the contract's own request types. */
class FabricCollateralLedgerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PledgeRequest PLEDGE = new PledgeRequest("loan-1", "g-1", "LenderMSP", 50_000_000L,
            10_000_000L, "USD", 5_000, 7_000, 8_000, "ab".repeat(32));
    private static final LoanTerms TERMS = new LoanTerms(850,
            List.of(new LoanTerms.Instalment(1_900_000_000_000L, 25_000_000L)), Map.of("legalName", "Acme Ltd"));

    @Test
    void offersTheExactPledgeWithTheTermsOnlyAsTransientData() throws Exception {
        FabricCollateralLedger.Write write = FabricCollateralLedger.offerWrite("offer-loan-1-x", PLEDGE,
                "ManufacturerMSP", 1_900_000_000_000L, TERMS);

        LoanOfferRequest parsed = JSON.readValue(write.request(), LoanOfferRequest.class);
        assertThat(parsed.pledge().loanId()).isEqualTo("loan-1");
        assertThat(parsed.pledge().paymentHash()).isEqualTo(PLEDGE.paymentHash());
        assertThat(parsed.borrowerOrg()).isEqualTo("ManufacturerMSP");
        assertThat(write.request()).doesNotContain("Acme");
        assertThat(write.terms()).isEqualTo(TERMS);
        assertThat(write.endorsingOrgs()).as("left to discovery").isEmpty();
    }

    @Test
    void namesBothPartiesAsEndorsersOfWritesToAPledge() throws Exception {
        JsonNode lien = JSON.readTree("{\"loanId\":\"loan-1\",\"borrowerOrg\":\"ManufacturerMSP\",\"lenderOrg\":\"LenderMSP\"}");

        assertThat(FabricCollateralLedger.pledgeWrite("pledge-loan-1", PLEDGE, TERMS, "ManufacturerMSP").endorsingOrgs())
                .containsExactly("ManufacturerMSP", "LenderMSP");
        FabricCollateralLedger.Write release = FabricCollateralLedger.lienWrite("ReleaseWithPreimage", "e-1", lien,
                "preimageHex", "cd".repeat(32));
        assertThat(release.endorsingOrgs()).containsExactly("ManufacturerMSP", "LenderMSP");
        assertThat(JSON.readValue(release.request(), PreimageRelease.class).preimageHex()).isEqualTo("cd".repeat(32));
        assertThat(FabricCollateralLedger.lienWrite("Liquidate", "e-2", lien).request()).isEqualTo("{\"loanId\":\"loan-1\"}");
    }
}
