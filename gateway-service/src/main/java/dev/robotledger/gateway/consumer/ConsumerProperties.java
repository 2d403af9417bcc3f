package dev.robotledger.gateway.consumer;

import java.util.EnumSet;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the manufacturer's gateway tells anyone who opens a product's GS1 Digital Link
 * ({@code gateway.consumer.*}).
 *
 * @param productKinds the kinds of good that are finished products with a public page; any other
 *                     good (a part, a sub-assembly) answers "not public"
 * @param disclose     what the public page shows besides the product's identity and recall status
 */
@ConfigurationProperties("gateway.consumer")
public record ConsumerProperties(
        @DefaultValue("product") Set<String> productKinds,

        @DefaultValue("MADE_BY,SITE,PRODUCED_AT,CHECKS,ENERGY,LEDGER")
        Set<Disclosure> disclose) {

    public ConsumerProperties {
        productKinds = Set.copyOf(productKinds);
        disclose = disclose.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(disclose));
        if (productKinds.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("gateway.consumer.product-kinds must not name a blank kind");
        }
    }
}
