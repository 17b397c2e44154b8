package io.selenehsm.firmware.quorum;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.selenehsm.firmware.quorum.SecretSharing.Share;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * An emulated iKey: a file holding one split of a role, domain or RPV secret. Immutable.
 *
 * <p>A PIN, if set, masks the split with an Argon2id-derived pad ({@link PinKdf}) and nothing else:
 * there is deliberately no check value, so a wrong PIN yields a wrong split that is only noticed
 * when the whole secret is reassembled and compared with the role's verifier. An attacker holding
 * the file therefore cannot test PINs offline against the key alone.
 *
 * <p>File format (UTF-8 text):
 *
 * <pre>
 * selene-ikey 1
 * color black
 * label CO of partition 3
 * secret-id &lt;32 hex: shared by all splits of one secret&gt;
 * split 2 of 3 of 5            (share index, quorum M, total N)
 * pin argon2id 19456 2 1 &lt;salt, 32 hex&gt;      or      pin none
 * data &lt;hex: the split, masked when a PIN is set&gt;
 * </pre>
 */
public final class IKey {
  private static final String MAGIC = "selene-ikey 1";
  private static final int SECRET_ID_LENGTH = 16;
  private static final int SALT_LENGTH = 16;
  private static final HexFormat HEX = HexFormat.of();

  private final IKeyColor color;
  private final String label;
  private final String secretId;
  private final int index;
  private final int m;
  private final int n;
  private final PinKdf pinKdf;
  private final byte[] pinSalt;
  private final byte[] data;

  private IKey(
      IKeyColor color,
      String label,
      String secretId,
      int index,
      int m,
      int n,
      PinKdf pinKdf,
      byte[] pinSalt,
      byte[] data) {
    if (label.isEmpty() || label.length() > 64 || label.chars().anyMatch(c -> c < 0x20)) {
      throw new IllegalArgumentException("An iKey label is 1..64 printable characters");
    }
    if (m < 1 || m > n || n > SecretSharing.MAX_SHARES || index < 1 || index > n) {
      throw new IllegalArgumentException("Bad split " + index + " of " + m + " of " + n);
    }
    this.color = Objects.requireNonNull(color);
    this.label = label;
    this.secretId = secretId;
    this.index = index;
    this.m = m;
    this.n = n;
    this.pinKdf = pinKdf;
    this.pinSalt = pinSalt;
    this.data = data.clone();
  }

  /**
   * Splits {@code secret} M-of-N onto N new iKeys without PINs; {@link #withPin} adds one. All keys
   * of the set share a fresh random secret id.
   */
  public static List<IKey> mint(
      IKeyColor color, String label, byte[] secret, int m, int n, SecureRandom random) {
    byte[] id = new byte[SECRET_ID_LENGTH];
    random.nextBytes(id);
    String secretId = HEX.formatHex(id);
    List<IKey> keys = new ArrayList<>(n);
    for (Share s : SecretSharing.split(secret, m, n, random)) {
      keys.add(new IKey(color, label, secretId, s.index(), m, n, null, null, s.value()));
    }
    return keys;
  }

  /**
   * A copy of this PIN-less key protected by {@code pin}: 4 to 48 digits, not starting with 0.
   *
   * @throws HsmException {@code CKR_PIN_LEN_RANGE} or {@code CKR_PIN_INVALID} for a bad PIN
   */
  public IKey withPin(char[] pin, PinKdf kdf, SecureRandom random) throws HsmException {
    if (hasPin()) {
      throw new IllegalStateException("The PIN of an iKey is set once, when it is created");
    }
    if (pin.length < 4 || pin.length > 48) {
      throw new HsmException(Ckr.PIN_LEN_RANGE, "An iKey PIN is 4 to 48 digits");
    }
    for (int i = 0; i < pin.length; i++) {
      if (pin[i] < '0' || pin[i] > '9' || (i == 0 && pin[i] == '0')) {
        throw new HsmException(
            Ckr.PIN_INVALID, "An iKey PIN is made of digits and does not start with 0");
      }
    }
    byte[] salt = new byte[SALT_LENGTH];
    random.nextBytes(salt);
    byte[] masked = xor(data, kdf.derive(pin, salt, data.length));
    return new IKey(color, label, secretId, index, m, n, kdf, salt, masked);
  }

  /**
   * The split this key holds, unmasked with {@code pin} if it has one (a wrong PIN silently gives a
   * wrong split). {@code pin} is ignored for a key without a PIN.
   */
  public Share share(char[] pin) {
    if (!hasPin()) {
      return new Share(index, m, data);
    }
    byte[] pad = pinKdf.derive(pin == null ? new char[0] : pin, pinSalt, data.length);
    byte[] value = xor(data, pad);
    try {
      return new Share(index, m, value);
    } finally {
      Arrays.fill(pad, (byte) 0);
      Arrays.fill(value, (byte) 0);
    }
  }

  private static byte[] xor(byte[] a, byte[] b) {
    byte[] out = new byte[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = (byte) (a[i] ^ b[i]);
    }
    return out;
  }

  /** An exact copy, PIN included, as the PED's duplicate function makes. */
  public IKey duplicate() {
    return new IKey(color, label, secretId, index, m, n, pinKdf, pinSalt, data);
  }

  public IKeyColor color() {
    return color;
  }

  public String label() {
    return label;
  }

  /** Identifies the secret this key is a split of; equal on every split of one secret. */
  public String secretId() {
    return secretId;
  }

  /** This split's number, 1..N. */
  public int index() {
    return index;
  }

  /** Splits needed to reassemble the secret. */
  public int quorum() {
    return m;
  }

  /** Splits made. */
  public int total() {
    return n;
  }

  public boolean hasPin() {
    return pinKdf != null;
  }

  public String encode() {
    String pin =
        hasPin()
            ? "argon2id "
                + pinKdf.memoryKiB()
                + " "
                + pinKdf.iterations()
                + " "
                + pinKdf.parallelism()
                + " "
                + HEX.formatHex(pinSalt)
            : "none";
    return MAGIC
        + "\n"
        + "color "
        + color.token()
        + "\n"
        + "label "
        + label
        + "\n"
        + "secret-id "
        + secretId
        + "\n"
        + "split "
        + index
        + " of "
        + m
        + " of "
        + n
        + "\n"
        + "pin "
        + pin
        + "\n"
        + "data "
        + HEX.formatHex(data)
        + "\n";
  }

  /**
   * @throws HsmException {@code CKR_DATA_INVALID} naming the problem if the text is not an iKey
   */
  public static IKey parse(String text) throws HsmException {
    try {
      String[] l = text.split("\n", -1);
      if (l.length != 8 || !l[0].equals(MAGIC) || !l[7].isEmpty()) {
        throw new IllegalArgumentException("not a Selene iKey file");
      }
      IKeyColor color = IKeyColor.fromToken(field(l[1], "color"));
      String label = field(l[2], "label");
      String secretId = field(l[3], "secret-id");
      if (HEX.parseHex(secretId).length != SECRET_ID_LENGTH) {
        throw new IllegalArgumentException("bad secret id");
      }
      String[] split = field(l[4], "split").split(" ", -1);
      if (split.length != 5 || !split[1].equals("of") || !split[3].equals("of")) {
        throw new IllegalArgumentException("bad split line");
      }
      String[] pin = field(l[5], "pin").split(" ", -1);
      PinKdf kdf = null;
      byte[] salt = null;
      if (pin.length == 5 && pin[0].equals("argon2id")) {
        kdf =
            new PinKdf(
                Integer.parseInt(pin[1]), Integer.parseInt(pin[2]), Integer.parseInt(pin[3]));
        salt = HEX.parseHex(pin[4]);
        if (salt.length != SALT_LENGTH) {
          throw new IllegalArgumentException("bad PIN salt");
        }
      } else if (!(pin.length == 1 && pin[0].equals("none"))) {
        throw new IllegalArgumentException("bad pin line");
      }
      byte[] data = HEX.parseHex(field(l[6], "data"));
      if (data.length == 0) {
        throw new IllegalArgumentException("empty split");
      }
      return new IKey(
          color,
          label,
          secretId,
          Integer.parseInt(split[0]),
          Integer.parseInt(split[2]),
          Integer.parseInt(split[4]),
          kdf,
          salt,
          data);
    } catch (IllegalArgumentException e) {
      throw new HsmException(Ckr.DATA_INVALID, "Malformed iKey: " + e.getMessage());
    }
  }

  private static String field(String line, String key) {
    if (!line.startsWith(key + " ")) {
      throw new IllegalArgumentException("expected '" + key + "' line");
    }
    return line.substring(key.length() + 1);
  }

  public void write(Path file) throws IOException {
    Files.writeString(file, encode(), UTF_8);
  }

  /**
   * @throws HsmException {@code CKR_DATA_INVALID} if the file is not an iKey
   */
  public static IKey read(Path file) throws IOException, HsmException {
    return parse(Files.readString(file, UTF_8));
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof IKey)) {
      return false;
    }
    IKey k = (IKey) o;
    return color == k.color
        && label.equals(k.label)
        && secretId.equals(k.secretId)
        && index == k.index
        && m == k.m
        && n == k.n
        && Objects.equals(pinKdf, k.pinKdf)
        && Arrays.equals(pinSalt, k.pinSalt)
        && Arrays.equals(data, k.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(color, secretId, index);
  }

  /** Describes the key without its split. */
  @Override
  public String toString() {
    return color
        + " iKey '"
        + label
        + "' split "
        + index
        + " of "
        + m
        + " of "
        + n
        + (hasPin() ? " (PIN)" : "");
  }
}
