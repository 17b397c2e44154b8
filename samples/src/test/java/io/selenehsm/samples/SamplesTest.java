package io.selenehsm.samples;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.junit.SeleneHsm;
import io.selenehsm.junit.SeleneHsmAdmin;
import io.selenehsm.provider.UserRole;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample against its own in-memory HSM (from {@code @SeleneHsm}, one per sample). A sample
 * checks its own results (round trips, verifications) and throws when one is wrong; the test also
 * checks it printed what it did.
 */
@SeleneHsm
class SamplesTest {
  /** A sample's run method. */
  @FunctionalInterface
  interface Sample {
    void run(PrintStream out, SampleContext ctx) throws Exception;
  }

  static Stream<Arguments> samples() {
    return Stream.of(
        Arguments.of("ProviderServices", (Sample) ProviderServices::run, "KeyStore"),
        Arguments.of(
            "SlotsAndLogins", (Sample) SlotsAndLogins::run, "role CRYPTO_USER: logged in = true"),
        Arguments.of("CipherModes", (Sample) CipherModes::run, "AES/GCM/NoPadding"),
        Arguments.of("Signatures", (Sample) Signatures::run, "ML-DSA"),
        Arguments.of("Macs", (Sample) Macs::run, "CmacDES3"),
        Arguments.of("KeyGeneration", (Sample) KeyGeneration::run, "ML-KEM-768"),
        Arguments.of("Persistence", (Sample) Persistence::run, "stored-ec"),
        Arguments.of("WrapUnwrap", (Sample) WrapUnwrap::run, "RSA/ECB/OAEPPadding"),
        Arguments.of("RandomNumbers", (Sample) RandomNumbers::run, "SeleneRNG"),
        Arguments.of("TlsDemo", (Sample) TlsDemo::run, "GET over TLSv1.2"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void sampleRunsAndSaysWhatItDid(String name, Sample sample, String expected, SeleneHsmAdmin hsm)
      throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    try (SampleContext ctx =
        SampleContext.over(
            hsm.provider(),
            hsm.slot(),
            hsm.partitionLabel(),
            hsm.pin(UserRole.CRYPTO_OFFICER),
            hsm.pin(UserRole.CRYPTO_USER))) {
      // Samples start where an application does: partition set up, nobody logged in yet.
      hsm.slotManager().logout();
      sample.run(out, ctx);
      assertFalse(ctx.provider().getSlotManager().isLoggedIn(), name + " logs out again");
    }
    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains(expected), name + " printed:\n" + printed);
  }
}
