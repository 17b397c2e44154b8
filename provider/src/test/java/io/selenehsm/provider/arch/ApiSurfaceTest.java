package io.selenehsm.provider.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The provider's API is exactly {@code io.selenehsm.provider}, {@code .provider.key} and {@code
 * .provider.exception}: no public or protected signature there names a type of another Selene
 * package (provider internals, the engine), except the driver's {@code io.selenehsm.device}, whose
 * {@code DeviceManager} binds a provider to devices a caller opened, and {@code
 * io.selenehsm.firmware.time}, whose {@code TimeSource} a test injects (as Caffeine's {@code
 * Ticker}).
 */
class ApiSurfaceTest {
  static final Set<String> API =
      Set.of(
          "io.selenehsm.provider", "io.selenehsm.provider.key", "io.selenehsm.provider.exception");

  @Test
  void apiPackagesExposeNoInternalType() {
    JavaClasses main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.selenehsm.provider", "io.selenehsm.cm");
    ApiSurface surface =
        new ApiSurface(
            "io.selenehsm.", API, Set.of("io.selenehsm.device", "io.selenehsm.firmware.time"));
    classes()
        .that()
        .resideInAnyPackage(API.toArray(String[]::new))
        .should(surface.exposesNoInternalType())
        .check(main);
  }

  @Test
  void theRuleFindsEveryKindOfLeak() {
    EvaluationResult result = evaluateFixtures();
    List<String> found = result.getFailureReport().getDetails();
    for (String leak :
        List.of("field field", "constructor takes", "inGenerics returns", "inArrays returns")) {
      assertTrue(
          found.stream().anyMatch(d -> d.contains("Leaky: " + leak)),
          "expected a leak '" + leak + "' in " + found);
    }
    assertEquals(5, found.size(), "no other leak: " + found);
  }

  @Test
  void membersOutOfUsersReachAreNoLeak() {
    List<String> found = evaluateFixtures().getFailureReport().getDetails();
    assertTrue(found.stream().noneMatch(d -> d.contains("Sealed")), found::toString);
    assertTrue(found.stream().noneMatch(d -> d.contains("hidden returns")), found::toString);
  }

  @Test
  void aToleratedTypeIsNoLeakButEveryOtherStillIs() {
    List<String> found =
        evaluate(fixtureSurface().tolerating("io.selenehsm.provider.arch.fixture.hidden.Internal"))
            .getFailureReport()
            .getDetails();
    assertEquals(1, found.size(), found::toString);
    assertTrue(found.get(0).contains("takesOther takes"), found::toString);
  }

  @Test
  void typesOfAnotherModulesApiMayBeNamed() {
    ApiSurface surface =
        new ApiSurface(
            "io.selenehsm.provider.arch.fixture.",
            Set.of("io.selenehsm.provider.arch.fixture.api"),
            Set.of("io.selenehsm.provider.arch.fixture.hidden"));
    assertTrue(evaluate(surface).getFailureReport().isEmpty());
  }

  private static ApiSurface fixtureSurface() {
    return new ApiSurface(
        "io.selenehsm.provider.arch.fixture.",
        Set.of("io.selenehsm.provider.arch.fixture.api"),
        Set.of());
  }

  private static EvaluationResult evaluateFixtures() {
    return evaluate(fixtureSurface());
  }

  private static EvaluationResult evaluate(ApiSurface surface) {
    JavaClasses fixtures =
        new ClassFileImporter().importPackages("io.selenehsm.provider.arch.fixture");
    return classes()
        .that()
        .resideInAPackage("io.selenehsm.provider.arch.fixture.api")
        .should(surface.exposesNoInternalType())
        .evaluate(fixtures);
  }
}
