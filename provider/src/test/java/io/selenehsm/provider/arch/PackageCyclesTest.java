package io.selenehsm.provider.arch;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * No package of the provider module's main code depends on itself through another. The HA router's
 * {@code io.selenehsm.ha} is checked here too (its module is below this one and has no check of its
 * own yet).
 */
class PackageCyclesTest {
  @Test
  void providerPackagesAreFreeOfCycles() {
    slices()
        .matching("io.selenehsm.(**)")
        .should()
        .beFreeOfCycles()
        .check(
            new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.selenehsm.provider", "io.selenehsm.cm", "io.selenehsm.ha"));
  }
}
