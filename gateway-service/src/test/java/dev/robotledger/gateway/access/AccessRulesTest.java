package dev.robotledger.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

class AccessRulesTest {

    private final AccessRules rules = AccessRules.gateway();

    @Test
    void firstMatchingRuleDecides() {
        assertThat(rules.ruleFor(HttpMethod.GET, "/actuator/prometheus"))
                .hasValueSatisfying(rule -> assertThat(rule.roleLabels()).isEqualTo("operator, metrics"));
        assertThat(rules.ruleFor(HttpMethod.GET, "/actuator/health/liveness"))
                .hasValueSatisfying(rule -> assertThat(rule.open()).isTrue());
        assertThat(rules.ruleFor(HttpMethod.GET, "/api/readings/{robotId}/{readingSeq}/proof"))
                .hasValueSatisfying(rule -> assertThat(rule.roleLabels()).isEqualTo("operator, retailer, lender"));
    }

    @Test
    void noRuleCoversAnUnlistedRequest() {
        assertThat(rules.ruleFor(HttpMethod.DELETE, "/api/robots")).isEmpty();
        assertThat(rules.ruleFor(HttpMethod.GET, "/api/robots/r-1/keys")).isEmpty();
        assertThat(rules.ruleFor(HttpMethod.POST, "/index.html")).isEmpty();
    }
}
