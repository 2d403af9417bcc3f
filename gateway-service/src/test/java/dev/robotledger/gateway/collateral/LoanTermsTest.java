package dev.robotledger.gateway.collateral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.robotledger.chaincode.collateral.Collateral;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;

class LoanTermsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void hashesTheTermsAsTheContractDoes() throws Exception {
        String json = JSON.writeValueAsString(Map.of(
                "interestBps",
                850,
                "schedule",
                List.of(
                        Map.of("dueEpochMillis", 1_775_000_000_000L, "amountSats", 25_000_000L),
                        Map.of("dueEpochMillis", 1_777_600_000_000L, "amountSats", 25_500_000L)),
                "borrowerDetails",
                Map.of("legalName", "Acme Manufacturing Ltd", "registration", "HRB-4711")));
        LoanTerms gateways = JSON.readValue(json, LoanTerms.class);
        var contracts = JSON.readValue(json, dev.robotledger.chaincode.collateral.LoanTerms.class);

        assertThat(gateways.sha256Hex()).isEqualTo(Collateral.termsSha256(contracts));
        assertThat(new String(gateways.canonicalJson(), StandardCharsets.UTF_8))
                .startsWith("{\"borrowerDetails\":{\"legalName\":");
    }

    @Test
    void refusesTermsTheContractWouldRefuse() {
        List<LoanTerms.Instalment> schedule = List.of(new LoanTerms.Instalment(1_900_000_000_000L, 1L));
        assertThatThrownBy(() -> new LoanTerms(850, List.of(), Map.of("legalName", "Acme")))
                .hasMessageContaining("terms.schedule");
        assertThatThrownBy(() -> new LoanTerms(850, schedule, Map.of("legal name", "Acme")))
                .hasMessageContaining("terms.borrowerDetails name");
        assertThatThrownBy(() -> new LoanTerms(-1, schedule, Map.of("legalName", "Acme")))
                .hasMessageContaining("terms.interestBps -1");
        assertThatThrownBy(() -> new LoanTerms.Instalment(1_900_000_000_000L, 0L))
                .hasMessageContaining("terms.schedule.amountSats 0");
    }

    @Test
    void derivesEventIdsWithinTheContractsBound() {
        assertThat(Loans.eventId("margin", "loan-1", "price-7")).isEqualTo("margin-loan-1-price-7");
        String longId = "l".repeat(128);
        assertThat(Loans.eventId("margin", longId, "price-7"))
                .startsWith("margin-")
                .hasSize("margin-".length() + 32);
        assertThat(Loans.digest("a", "bc")).isNotEqualTo(Loans.digest("ab", "c"));
    }
}
