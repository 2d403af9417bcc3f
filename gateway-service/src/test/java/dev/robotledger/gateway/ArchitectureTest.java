package dev.robotledger.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package rules of the gateway. Packages are by feature ({@code telemetry}, {@code robots},
 * {@code collateral}, ...); each feature's adapters sit beneath it, one package per transport:
 * {@code .fabric} (the ledger), {@code .web} (HTTP), {@code .mqtt}, {@code .lnd}. The top-level
 * {@code web} holds what every endpoint shares (problem details, request logging).
 */
@AnalyzeClasses(packages = "dev.robotledger.gateway", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] ADAPTERS = {
        "dev.robotledger.gateway..fabric..",
        "dev.robotledger.gateway..web..",
        "dev.robotledger.gateway..mqtt..",
        "dev.robotledger.gateway..lnd.."
    };

    @ArchTest
    static final ArchRule theDomainNeverDependsOnAnAdapterOrTheWebLayer = noClasses()
            .that()
            .resideInAPackage("dev.robotledger.gateway..")
            .and()
            .resideOutsideOfPackages(ADAPTERS)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(ADAPTERS)
            .because("the domain states ports that adapters implement; it must run and be tested without them");

    @ArchTest
    static final ArchRule onlyTheFabricAdaptersTalkToFabric = noClasses()
            .that()
            .resideOutsideOfPackage("dev.robotledger.gateway..fabric..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.hyperledger.fabric..")
            .because("the Fabric Gateway client and Fabric's protos are the ledger adapters' business alone");

    @ArchTest
    static final ArchRule endpointsReachTheLedgerOnlyThroughTheDomain = noClasses()
            .that()
            .resideInAPackage("dev.robotledger.gateway..web..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.robotledger.gateway..fabric..")
            .because("adapters depend on the domain's ports, not on one another");
}
