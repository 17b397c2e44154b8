package io.selenehsm.firmware.audit;

import io.selenehsm.firmware.rc.Ckr;
import java.util.Arrays;

/** Fixed secrets and entries shared by the audit tests. */
final class AuditTestSupport {
  static final String SERIAL = "150112";

  private AuditTestSupport() {}

  static LogSecret secret(int fill) {
    byte[] k = new byte[LogSecret.LENGTH];
    Arrays.fill(k, (byte) fill);
    return LogSecret.fromEncoded(k);
  }

  static AuditEntry ok(AuditEvent event) {
    return AuditEntry.of(event, Ckr.OK).role(AuditRole.HSM_SO).text(event + " ok").build();
  }

  static AuditEntry failed(AuditEvent event) {
    return AuditEntry.of(event, Ckr.PIN_INCORRECT).text(event + " failed").build();
  }

  static AuditEntry sign(boolean symmetric, boolean firstUse) {
    return AuditEntry.of(AuditEvent.SIGN, Ckr.OK)
        .partition(3)
        .role(AuditRole.CRYPTO_USER)
        .keyUse(symmetric ? AuditEntry.KeyKind.SYMMETRIC : AuditEntry.KeyKind.ASYMMETRIC, firstUse)
        .text("key 0x2a")
        .build();
  }
}
