package io.selenehsm.junit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.selenehsm.provider.arch.ApiSurface;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * selene-junit's API is {@code io.selenehsm.junit}: its public signatures name only its own types,
 * the provider's API and the driver's {@code DeviceManager}, plus one engine type listed here.
 */
class ApiSurfaceTest {
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.selenehsm.junit");

  @Test
  void apiExposesNoInternalType() {
    ApiSurface surface =
        new ApiSurface(
                "io.selenehsm.",
                Set.of("io.selenehsm.junit"),
                Set.of(
                    "io.selenehsm.provider",
                    "io.selenehsm.provider.key",
                    "io.selenehsm.provider.exception",
                    "io.selenehsm.device"))
            // SeleneHsmAdmin.auditLog() hands out the engine's records until the audit log has a
            // type of the API; no other engine type may follow it.
            .tolerating("io.selenehsm.firmware.audit.AuditRecord");
    classes()
        .that()
        .resideInAPackage("io.selenehsm.junit")
        .should(surface.exposesNoInternalType())
        .check(MAIN);
  }

  @Test
  void packagesAreFreeOfCycles() {
    slices().matching("io.selenehsm.(**)").should().beFreeOfCycles().check(MAIN);
  }
}
