package io.selenehsm.arch;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** No package of the engine or the driver (main code) depends on itself through another. */
class PackageCyclesTest {
  @Test
  void engineAndDriverPackagesAreFreeOfCycles() {
    slices()
        .matching("io.selenehsm.(**)")
        .should()
        .beFreeOfCycles()
        .check(
            new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.selenehsm.firmware", "io.selenehsm.device"));
  }
}
