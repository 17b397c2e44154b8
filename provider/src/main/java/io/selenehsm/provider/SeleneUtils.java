package io.selenehsm.provider;

import java.util.HexFormat;
import java.util.Locale;

/** Hex helpers with the vendor API's names. */
public final class SeleneUtils {
  private SeleneUtils() {}

  /** Upper-case hex; with {@code spaces}, bytes are separated by a space. */
  public static String getHexString(byte[] data, boolean spaces) {
    if (data == null) {
      return "";
    }
    HexFormat f =
        spaces ? HexFormat.ofDelimiter(" ").withUpperCase() : HexFormat.of().withUpperCase();
    return f.formatHex(data);
  }

  /** Parses hex (either case; spaces, colons and a leading 0x ignored). */
  public static byte[] hexStringToByteArray(String hex) {
    if (hex == null) {
      throw new IllegalArgumentException("no hex string given");
    }
    String s = hex.strip();
    if (s.startsWith("0x") || s.startsWith("0X")) {
      s = s.substring(2);
    }
    s = s.replaceAll("[\\s:]", "").toLowerCase(Locale.ROOT);
    if (s.length() % 2 != 0) {
      throw new IllegalArgumentException(
          "hex string has an odd number of digits (" + s.length() + ")");
    }
    try {
      return HexFormat.of().parseHex(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a hex string: \"" + hex + "\"", e);
    }
  }
}
