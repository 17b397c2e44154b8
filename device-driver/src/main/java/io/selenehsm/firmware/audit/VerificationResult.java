package io.selenehsm.firmware.audit;

import java.util.Optional;

/**
 * Outcome of verifying a run of audit records: success with the number of records, or the first bad
 * record.
 *
 * @param verified number of records that verified before the first failure (all, on success)
 * @param failure the first bad record, if any
 */
public record VerificationResult(int verified, Optional<Failure> failure) {

  /** Why a record fails verification. */
  public enum Reason {
    /** The line is not a well-formed record in canonical form (edited or cut short). */
    MALFORMED,
    /** The HMAC does not match: the record was modified, forged, or is from another secret. */
    BAD_HMAC,
    /** The record is authentic but does not follow the previous record's HMAC. */
    BROKEN_CHAIN,
    /** Records are missing before this one: deleted, cleared, or in a file not supplied. */
    GAP,
    /** The record is out of order, or repeats an earlier one. */
    REORDER,
    /** Records are missing at the end: the newest record does not match the expected head. */
    TRUNCATED
  }

  /**
   * The first bad record.
   *
   * @param index zero-based position in the input (for {@link Reason#TRUNCATED}, the position where
   *     the first missing record belongs, i.e. the number of records given)
   * @param sequence the sequence number found at that position, or for MALFORMED and TRUNCATED the
   *     one expected there (0 if unknown)
   * @param reason what is wrong
   * @param detail a readable explanation
   */
  public record Failure(int index, long sequence, Reason reason, String detail) {
    @Override
    public String toString() {
      return "record " + sequence + " (position " + index + "): " + reason + ": " + detail;
    }
  }

  static VerificationResult ok(int count) {
    return new VerificationResult(count, Optional.empty());
  }

  static VerificationResult failed(int index, long sequence, Reason reason, String detail) {
    return new VerificationResult(index, Optional.of(new Failure(index, sequence, reason, detail)));
  }

  public boolean ok() {
    return failure.isEmpty();
  }

  @Override
  public String toString() {
    return failure
        .map(f -> "verification failed at " + f)
        .orElse("verified " + verified + " records");
  }
}
