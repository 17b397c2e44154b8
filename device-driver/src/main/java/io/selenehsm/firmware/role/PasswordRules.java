package io.selenehsm.firmware.role;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;

/** Length and character-set rules for role passwords, labels and domain strings. */
public final class PasswordRules {
  private PasswordRules() {}

  private static final String PASSWORD_CHARS =
      "!#$% '()*+,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";

  /**
   * The HSM label set of the vendor's guide (its two printings together): '"' and '?' are allowed
   * in an HSM label.
   */
  private static final String HSM_LABEL_CHARS =
      "abcdefghijklmnopqrstuvwxyz"
          + "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 !@#$%^&*()-_+=[]{}|\\/;:'\",.<>?`~";

  /** The partition label set of the guide: '\\' is allowed, '"' and '?' are not. */
  private static final String PARTITION_LABEL_CHARS =
      "abcdefghijklmnopqrstuvwxyz"
          + "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 !@#$%^&*()-_+=[]{}\\|/;:',.<>`~";

  private static final String DOMAIN_CHARS =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" + "0123456789 !@#$%^*_-=+[]{}()/:',.~";

  public static final int PASSWORD_MIN = 8;
  public static final int PASSWORD_MAX = 255;
  public static final int LABEL_MAX = 32;
  public static final int DOMAIN_MAX = 128;

  /** Checks a new password or challenge secret: 8-255 characters of the allowed set. */
  public static void checkNewPassword(String what, char[] password) throws HsmException {
    if (password == null || password.length < PASSWORD_MIN || password.length > PASSWORD_MAX) {
      throw new HsmException(
          Ckr.PIN_LEN_RANGE,
          what
              + " must be "
              + PASSWORD_MIN
              + "-"
              + PASSWORD_MAX
              + " characters, got "
              + (password == null ? 0 : password.length));
    }
    if (password[0] == ' ') {
      throw new HsmException(Ckr.PIN_INVALID, what + " must not start with a space");
    }
    for (char c : password) {
      if (PASSWORD_CHARS.indexOf(c) < 0) {
        throw new HsmException(
            Ckr.PIN_INVALID,
            what + " contains a character outside the allowed set: '" + printable(c) + "'");
      }
    }
  }

  /**
   * Checks the shape of a password offered at login. Out-of-range lengths are refused before any
   * comparison, so they never count as a failed attempt.
   */
  public static void checkOffered(char[] password) throws HsmException {
    if (password == null || password.length == 0) {
      throw new HsmException(Ckr.ARGUMENTS_BAD, "no password was supplied");
    }
    if (password.length > PASSWORD_MAX) {
      throw new HsmException(
          Ckr.PIN_LEN_RANGE,
          "a password has at most " + PASSWORD_MAX + " characters, got " + password.length);
    }
  }

  /** An HSM label: 1-32 characters of the HSM label set; longer labels are truncated to 32. */
  public static String checkHsmLabel(String label) throws HsmException {
    return checkLabel("the HSM label", label, HSM_LABEL_CHARS);
  }

  /**
   * A partition label: 1-32 characters of the partition label set; longer labels are truncated to
   * 32.
   */
  public static String checkPartitionLabel(String label) throws HsmException {
    return checkLabel("the partition label", label, PARTITION_LABEL_CHARS);
  }

  private static String checkLabel(String what, String label, String allowed) throws HsmException {
    if (label == null || label.isEmpty()) {
      throw new HsmException(Ckr.ARGUMENTS_BAD, what + " must not be empty");
    }
    String truncated = label.length() > LABEL_MAX ? label.substring(0, LABEL_MAX) : label;
    for (char c : truncated.toCharArray()) {
      if (allowed.indexOf(c) < 0) {
        throw new HsmException(
            Ckr.ARGUMENTS_BAD,
            what
                + " '"
                + truncated
                + "' contains a"
                + " character outside the allowed set: '"
                + printable(c)
                + "'");
      }
    }
    return truncated;
  }

  /** Cloning domain strings: 1-128 allowed characters, not starting with a space. */
  public static void checkDomain(String domain) throws HsmException {
    if (domain == null || domain.isEmpty() || domain.length() > DOMAIN_MAX) {
      throw new HsmException(
          Ckr.ARGUMENTS_BAD,
          "the domain string must be 1-"
              + DOMAIN_MAX
              + " characters, got "
              + (domain == null ? 0 : domain.length()));
    }
    if (domain.charAt(0) == ' ') {
      throw new HsmException(Ckr.ARGUMENTS_BAD, "the domain string must not start with a space");
    }
    for (char c : domain.toCharArray()) {
      if (DOMAIN_CHARS.indexOf(c) < 0) {
        throw new HsmException(
            Ckr.ARGUMENTS_BAD,
            "the domain string contains a character outside the allowed set: '"
                + printable(c)
                + "'");
      }
    }
  }

  private static String printable(char c) {
    return c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c);
  }
}
