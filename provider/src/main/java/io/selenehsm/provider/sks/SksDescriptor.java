package io.selenehsm.provider.sks;

import io.selenehsm.firmware.role.Role;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * The text an {@code SKS} KeyStore is loaded from and stored to: the lines of the {@code Selene}
 * keystore descriptor plus where the blobs live. One {@code key:value} per line:
 * <pre>
 *   slot:0                      the slot number, or
 *   tokenlabel:payments         the partition label
 *   usertype:CKU_CRYPTO_USER    optional; CKU_CRYPTO_OFFICER (default), CKU_CRYPTO_USER or
 *                               CKU_LIMITED_CRYPTO_OFFICER
 *   store:/var/lib/app/sks.mv   optional; an embedded store file, or
 *   store:jdbc:postgresql://db/sks   a PostgreSQL store (user/password in the URL or
 *                               PGUSER/PGPASSWORD)
 * </pre>
 * Without {@code store:} the default embedded store {@code $SELENE_HOME/sks/<partition
 * serial>/store.mv} is used (and written back by {@code store()}). A relative store path is
 * taken from the working directory. Blank lines and {@code #} comments are skipped; keywords
 * are case-insensitive.
 *
 * @param slot the slot number, or -1 when the partition is named by label
 * @param tokenLabel the partition label, or null when named by slot
 * @param role the role the KeyStore logs in as
 * @param store the store location, or null for the default embedded store
 */
record SksDescriptor(int slot, String tokenLabel, Role role, String store) {
  SksDescriptor {
    Objects.requireNonNull(role, "role");
    if ((slot >= 0) == (tokenLabel != null)) {
      throw new IllegalArgumentException("name the partition by slot or by label, not both");
    }
  }

  SksDescriptor withStore(String location) {
    return new SksDescriptor(slot, tokenLabel, role, location);
  }

  /** Reads a descriptor; the stream is read to its end but not closed. */
  static SksDescriptor read(InputStream in) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    Integer slot = null;
    String label = null;
    String store = null;
    Role role = Role.CRYPTO_OFFICER;
    String line;
    int number = 0;
    while ((line = reader.readLine()) != null) {
      number++;
      String text = line.strip();
      if (text.isEmpty() || text.startsWith("#")) {
        continue;
      }
      int colon = text.indexOf(':');
      if (colon < 0) {
        throw problem(number, "'" + text + "' is not of the form keyword:value");
      }
      String keyword = text.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = text.substring(colon + 1).strip();
      switch (keyword) {
        case "slot" -> {
          requireUnnamed(number, slot, label);
          slot = slotNumber(number, value);
        }
        case "tokenlabel" -> {
          requireUnnamed(number, slot, label);
          if (value.isEmpty()) {
            throw problem(number, "tokenlabel needs a partition label");
          }
          label = value;
        }
        case "usertype" -> role = userType(number, value);
        case "store" -> {
          if (store != null) {
            throw problem(number, "the store is already given; give one store line");
          }
          if (value.isEmpty()) {
            throw problem(number, "store needs a file path or a jdbc:postgresql:// URL");
          }
          if (value.startsWith("jdbc:") && !value.startsWith("jdbc:postgresql:")) {
            throw problem(number, "store '" + value + "' is not supported; use a file path or"
                + " jdbc:postgresql://host/database");
          }
          store = value;
        }
        default -> throw problem(number, "unknown keyword '" + keyword
            + "'; expected slot, tokenlabel, usertype or store");
      }
    }
    if (slot == null && label == null) {
      throw new IOException("the SKS keystore descriptor names no partition;"
          + " it needs a line slot:N or tokenlabel:LABEL");
    }
    return new SksDescriptor(slot != null ? slot : -1, label, role, store);
  }

  /** Writes the descriptor in the form {@link #read} accepts. */
  void write(OutputStream out) throws IOException {
    StringBuilder text = new StringBuilder();
    if (tokenLabel != null) {
      text.append("tokenlabel:").append(tokenLabel).append('\n');
    } else {
      text.append("slot:").append(slot).append('\n');
    }
    text.append("usertype:").append(userTypeName(role)).append('\n');
    if (store != null) {
      text.append("store:").append(store).append('\n');
    }
    out.write(text.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static void requireUnnamed(int line, Integer slot, String label) throws IOException {
    if (slot != null || label != null) {
      throw problem(line, "the partition is already named; give one slot or tokenlabel");
    }
  }

  private static int slotNumber(int line, String value) throws IOException {
    try {
      int n = Integer.parseInt(value);
      if (n < 0) {
        throw problem(line, "slot " + value + " is negative");
      }
      return n;
    } catch (NumberFormatException e) {
      throw problem(line, "slot '" + value + "' is not a number");
    }
  }

  private static Role userType(int line, String value) throws IOException {
    return switch (value.toUpperCase(Locale.ROOT)) {
      case "CKU_CRYPTO_OFFICER", "CKU_USER" -> Role.CRYPTO_OFFICER;
      case "CKU_CRYPTO_USER" -> Role.CRYPTO_USER;
      case "CKU_LIMITED_CRYPTO_OFFICER" -> Role.LIMITED_CRYPTO_OFFICER;
      default -> throw problem(line, "usertype '" + value + "' is not CKU_CRYPTO_OFFICER,"
          + " CKU_CRYPTO_USER or CKU_LIMITED_CRYPTO_OFFICER");
    };
  }

  static String userTypeName(Role role) {
    return switch (role) {
      case CRYPTO_USER -> "CKU_CRYPTO_USER";
      case LIMITED_CRYPTO_OFFICER -> "CKU_LIMITED_CRYPTO_OFFICER";
      default -> "CKU_CRYPTO_OFFICER";
    };
  }

  private static IOException problem(int line, String what) {
    return new IOException("SKS keystore descriptor, line " + line + ": " + what);
  }
}
