package io.selenehsm.provider.internal;

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
 * The text a Selene keystore ({@code Selene} or {@code SKS}) is loaded from and stored to: which
 * partition to open, as which role, and for SKS where the blobs live. One {@code key:value} per
 * line:
 *
 * <pre>
 *   slot:0                      the slot number, or
 *   tokenlabel:payments         the partition label
 *   usertype:CKU_CRYPTO_USER    optional; CKU_CRYPTO_OFFICER (default), CKU_CRYPTO_USER or
 *                               CKU_LIMITED_CRYPTO_OFFICER
 *   store:/var/lib/app/sks.mv   SKS only, optional: an embedded store file, or
 *   store:jdbc:postgresql://db/sks   a PostgreSQL store
 * </pre>
 *
 * Blank lines and lines starting with {@code #} are skipped. Keywords are case-insensitive; a label
 * keeps its case and inner spaces.
 *
 * @param slot the slot number, or -1 when the partition is named by label
 * @param tokenLabel the partition label, or null when named by slot
 * @param role the role the KeyStore logs in as
 * @param store the SKS store location, or null (a {@code Selene} keystore, or the default store)
 */
public record KeyStoreDescriptor(int slot, String tokenLabel, Role role, String store) {
  /** Which keystore type a descriptor is for: it decides whether {@code store:} is allowed. */
  public enum Type {
    SELENE("Selene keystore descriptor", false),
    SKS("SKS keystore descriptor", true);

    private final String what;
    private final boolean hasStore;

    Type(String what, boolean hasStore) {
      this.what = what;
      this.hasStore = hasStore;
    }
  }

  public KeyStoreDescriptor {
    Objects.requireNonNull(role, "role");
    if ((slot >= 0) == (tokenLabel != null)) {
      throw new IllegalArgumentException("name the partition by slot or by label, not both");
    }
  }

  public static KeyStoreDescriptor ofSlot(int slot, Role role) {
    return new KeyStoreDescriptor(slot, null, role, null);
  }

  public KeyStoreDescriptor withStore(String location) {
    return new KeyStoreDescriptor(slot, tokenLabel, role, location);
  }

  /** Reads a descriptor; the stream is read to its end but not closed. */
  public static KeyStoreDescriptor read(InputStream in, Type type) throws IOException {
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
        throw problem(type, number, "'" + text + "' is not of the form keyword:value");
      }
      String keyword = text.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = text.substring(colon + 1).strip();
      switch (keyword) {
        case "slot" -> {
          requireUnnamed(type, number, slot, label);
          slot = slotNumber(type, number, value);
        }
        case "tokenlabel" -> {
          requireUnnamed(type, number, slot, label);
          if (value.isEmpty()) {
            throw problem(type, number, "tokenlabel needs a partition label");
          }
          label = value;
        }
        case "usertype" -> role = userType(type, number, value);
        case "store" -> {
          if (!type.hasStore) {
            throw problem(
                type,
                number,
                "unknown keyword 'store'; expected slot, tokenlabel or"
                    + " usertype (store: belongs to an SKS keystore)");
          }
          if (store != null) {
            throw problem(type, number, "the store is already given; give one store line");
          }
          if (value.isEmpty()) {
            throw problem(type, number, "store needs a file path or a jdbc:postgresql:// URL");
          }
          if (value.startsWith("jdbc:") && !value.startsWith("jdbc:postgresql:")) {
            throw problem(
                type,
                number,
                "store '"
                    + value
                    + "' is not supported; use a file path"
                    + " or jdbc:postgresql://host/database");
          }
          store = value;
        }
        default ->
            throw problem(
                type,
                number,
                "unknown keyword '"
                    + keyword
                    + "'; expected slot,"
                    + " tokenlabel"
                    + (type.hasStore ? ", usertype or store" : " or usertype"));
      }
    }
    if (slot == null && label == null) {
      throw new IOException(
          "the "
              + type.what
              + " names no partition;"
              + " it needs a line slot:N or tokenlabel:LABEL");
    }
    return new KeyStoreDescriptor(slot != null ? slot : -1, label, role, store);
  }

  /** Writes the descriptor in the form {@link #read} accepts. */
  public void write(OutputStream out) throws IOException {
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

  public static String userTypeName(Role role) {
    return switch (role) {
      case CRYPTO_USER -> "CKU_CRYPTO_USER";
      case LIMITED_CRYPTO_OFFICER -> "CKU_LIMITED_CRYPTO_OFFICER";
      default -> "CKU_CRYPTO_OFFICER";
    };
  }

  private static void requireUnnamed(Type type, int line, Integer slot, String label)
      throws IOException {
    if (slot != null || label != null) {
      throw problem(type, line, "the partition is already named; give one slot or tokenlabel");
    }
  }

  private static int slotNumber(Type type, int line, String value) throws IOException {
    try {
      int n = Integer.parseInt(value);
      if (n < 0) {
        throw problem(type, line, "slot " + value + " is negative");
      }
      return n;
    } catch (NumberFormatException e) {
      throw problem(type, line, "slot '" + value + "' is not a number");
    }
  }

  private static Role userType(Type type, int line, String value) throws IOException {
    return switch (value.toUpperCase(Locale.ROOT)) {
      case "CKU_CRYPTO_OFFICER", "CKU_USER" -> Role.CRYPTO_OFFICER;
      case "CKU_CRYPTO_USER" -> Role.CRYPTO_USER;
      case "CKU_LIMITED_CRYPTO_OFFICER" -> Role.LIMITED_CRYPTO_OFFICER;
      default ->
          throw problem(
              type,
              line,
              "usertype '"
                  + value
                  + "' is not CKU_CRYPTO_OFFICER,"
                  + " CKU_CRYPTO_USER or CKU_LIMITED_CRYPTO_OFFICER");
    };
  }

  private static IOException problem(Type type, int line, String what) {
    return new IOException(type.what + ", line " + line + ": " + what);
  }
}
