package io.selenehsm.firmware.sks;

import java.util.Arrays;
import java.util.List;

/**
 * Authorization on an SKS blob. At extract it says which secrets the blob will demand; at insert it
 * carries the secrets offered.
 *
 * <ul>
 *   <li>{@link Form#NONE}: the blob is usable by anyone who may insert into a partition holding its
 *       SMK.
 *   <li>{@link Form#PASSWORD}: one password.
 *   <li>{@link Form#M_OF_N}: {@code n} passwords given at extract, any {@code m} of them at insert.
 * </ul>
 *
 * At insert only {@link #secrets()} matters; the form and threshold come from the blob.
 */
public record SksAuthorization(Form form, int threshold, List<char[]> secrets) {
  public enum Form {
    NONE(0),
    PASSWORD(1),
    M_OF_N(2);

    public final int code;

    Form(int code) {
      this.code = code;
    }

    public static Form of(int code) {
      for (Form f : values()) {
        if (f.code == code) {
          return f;
        }
      }
      return null;
    }
  }

  public SksAuthorization {
    secrets = secrets.stream().map(char[]::clone).toList();
  }

  public static SksAuthorization none() {
    return new SksAuthorization(Form.NONE, 0, List.of());
  }

  public static SksAuthorization password(char[] password) {
    return new SksAuthorization(Form.PASSWORD, 1, List.of(password));
  }

  /** At extract: all {@code n} passwords and the number {@code m} an insert must present. */
  public static SksAuthorization mOfN(int m, List<char[]> passwords) {
    return new SksAuthorization(Form.M_OF_N, m, passwords);
  }

  /** At insert: the secrets offered, whatever the blob's form. */
  public static SksAuthorization offering(char[]... secrets) {
    return new SksAuthorization(
        secrets.length == 0 ? Form.NONE : secrets.length == 1 ? Form.PASSWORD : Form.M_OF_N,
        secrets.length,
        List.of(secrets));
  }

  @Override
  public String toString() {
    return "SksAuthorization[" + form + ", m=" + threshold + ", " + secrets.size() + " secret(s)]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SksAuthorization a
        && a.form == form
        && a.threshold == threshold
        && a.secrets.size() == secrets.size()
        && java.util.stream.IntStream.range(0, secrets.size())
            .allMatch(i -> Arrays.equals(a.secrets.get(i), secrets.get(i)));
  }

  @Override
  public int hashCode() {
    return form.hashCode() * 31 + threshold;
  }
}
