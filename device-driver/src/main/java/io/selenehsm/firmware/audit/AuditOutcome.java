package io.selenehsm.firmware.audit;

import io.selenehsm.firmware.rc.Ckr;

/** Whether an audited command succeeded; the mask selects records by category and outcome. */
public enum AuditOutcome {
  SUCCESS,
  FAILURE;

  public static AuditOutcome of(long returnCode) {
    return returnCode == Ckr.OK ? SUCCESS : FAILURE;
  }
}
