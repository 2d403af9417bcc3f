package dev.robotledger.gateway.testing.containers;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class of the container tier: tagged {@code containers}, run with its servers in containers
 * of the project's images (network/containers.sh) when {@code -Dcontainers.tier=on}, skipped with
 * the reason otherwise. Name such classes {@code *ContainerIT}: network/system.sh counts their test
 * cases in the reports. When the tier is on, an engine that cannot be reached or an image that is
 * missing fails the class instead of skipping it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("containers")
@ExtendWith(ContainerTier.class)
public @interface ContainerTest {}
