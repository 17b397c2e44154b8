package io.selenehsm.firmware.rc;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * A firmware return code ({@code LUNA_RET_*}) and the Cryptoki code the host library reports for
 * it. Many firmware codes collapse onto one Cryptoki code, so the firmware code is the one to log
 * when diagnosing the device. {@code ckr} is empty for codes the firmware never reports to the
 * host.
 */
public record LunaReturnCode(String name, long code, OptionalLong ckr) {
  public LunaReturnCode {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(ckr, "ckr");
  }

  /** The {@code CKR_*} name the host sees, if the code reaches the host at all. */
  public String ckrName() {
    return ckr.isPresent() ? ReturnCodes.nameOf(ckr.getAsLong()) : "(internal only)";
  }
}
