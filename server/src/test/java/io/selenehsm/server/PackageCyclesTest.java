package io.selenehsm.server;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** No package of the device service (main code) depends on itself through another. */
class PackageCyclesTest {
  @Test
  void packagesAreFreeOfCycles() {
    slices()
        .matching("io.selenehsm.(**)")
        .should()
        .beFreeOfCycles()
        .check(
            new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.selenehsm.server"));
  }
}
