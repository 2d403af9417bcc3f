package dev.robotledger.gateway.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class of the Fabric tier: tagged {@code fabric}, run against the tests' own network
 * ({@link FabricNetwork}) when {@code -Dfabric.tier=on}, skipped with the reason otherwise. Name
 * such classes {@code *FabricIT}: network/system.sh counts their test cases in the reports.
 * A class skipped this way starts nothing: no extension of it runs.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("fabric")
@ExtendWith(FabricTier.class)
public @interface FabricTest {}
