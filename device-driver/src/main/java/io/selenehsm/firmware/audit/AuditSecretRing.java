package io.selenehsm.firmware.audit;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The device's own log secret plus the secrets it imported from other HSMs of its audit domain, by
 * serial. Importing never replaces the own secret, so the device keeps verifying its own logs.
 *
 * <p>{@link #encode()} holds raw secrets: the engine stores it only in its KEK-sealed flash.
 * Thread-safe.
 */
public final class AuditSecretRing {
  private static final String MAGIC = "selene-audit-ring 1";

  private final String ownSerial;
  private final LogSecret own;
  private final Map<String, LogSecret> imported = new TreeMap<>();

  public AuditSecretRing(String ownSerial, LogSecret own) {
    this.ownSerial = ownSerial;
    this.own = own;
  }

  public String ownSerial() {
    return ownSerial;
  }

  public LogSecret own() {
    return own;
  }

  /** {@code audit export}: the own secret wrapped under the audit domain. */
  public String exportOwn(byte[] domain, SecureRandom random) {
    return AuditSecret.export(own, ownSerial, domain, random);
  }

  /**
   * {@code audit import}: unwraps another HSM's secret into its own slot (replacing an earlier
   * import from the same HSM).
   *
   * @return the serial of the HSM the secret belongs to
   * @throws HsmException as {@link AuditSecret#importWrapped}; {@code CKR_ARGUMENTS_BAD} when the
   *     file carries this device's serial with a different secret
   */
  public synchronized String importWrapped(String file, byte[] domain) throws HsmException {
    AuditSecret.Imported in = AuditSecret.importWrapped(file, domain);
    if (in.hsmSerial().equals(ownSerial)) {
      if (!in.secret().equals(own)) {
        throw new HsmException(
            Ckr.ARGUMENTS_BAD,
            "The file claims this HSM's serial " + ownSerial + " but holds a different secret");
      }
      return ownSerial;
    }
    imported.put(in.hsmSerial(), in.secret());
    return in.hsmSerial();
  }

  public synchronized Set<String> importedSerials() {
    return Set.copyOf(imported.keySet());
  }

  /** The secret that verifies logs of {@code hsmSerial}: the own one or an imported one. */
  public synchronized Optional<LogSecret> secretFor(String hsmSerial) {
    return hsmSerial.equals(ownSerial)
        ? Optional.of(own)
        : Optional.ofNullable(imported.get(hsmSerial));
  }

  /**
   * A verifier for logs of {@code hsmSerial}.
   *
   * @throws HsmException {@code CKR_ARGUMENTS_BAD} if no secret for that HSM was imported
   */
  public AuditVerifier verifierFor(String hsmSerial) throws HsmException {
    return AuditVerifier.using(
        secretFor(hsmSerial)
            .orElseThrow(
                () ->
                    new HsmException(
                        Ckr.ARGUMENTS_BAD,
                        "No log secret for HSM " + hsmSerial + "; import its secret first")));
  }

  /** Encoding for the engine's sealed store: one {@code serial hex} line per secret. */
  public synchronized byte[] encode() {
    StringBuilder sb = new StringBuilder(MAGIC).append('\n');
    sb.append("own ").append(ownSerial).append(' ').append(Hex.encode(own.encoded())).append('\n');
    imported.forEach(
        (s, k) ->
            sb.append("imported ")
                .append(s)
                .append(' ')
                .append(Hex.encode(k.encoded()))
                .append('\n'));
    return sb.toString().getBytes(UTF_8);
  }

  /**
   * @throws HsmException {@code CKR_DEVICE_ERROR} if the encoding is corrupt
   */
  public static AuditSecretRing decode(byte[] encoded) throws HsmException {
    try {
      String[] lines = AuditVerifier.splitLines(new String(encoded, UTF_8)).toArray(new String[0]);
      if (lines.length < 2 || !lines[0].equals(MAGIC)) {
        throw new IllegalArgumentException("unknown format");
      }
      String[] o = entry(lines[1], "own");
      AuditSecretRing ring = new AuditSecretRing(o[0], LogSecret.fromEncoded(Hex.decode(o[1])));
      for (int i = 2; i < lines.length; i++) {
        String[] e = entry(lines[i], "imported");
        ring.imported.put(e[0], LogSecret.fromEncoded(Hex.decode(e[1])));
      }
      return ring;
    } catch (IllegalArgumentException e) {
      throw new HsmException(
          Ckr.DEVICE_ERROR, "Stored audit secrets are corrupt: " + e.getMessage());
    }
  }

  private static String[] entry(String line, String kind) {
    String[] parts = line.split(" ", -1);
    if (parts.length != 3
        || !parts[0].equals(kind)
        || !AuditEntry.TOKEN.matcher(parts[1]).matches()) {
      throw new IllegalArgumentException("bad '" + kind + "' line");
    }
    return new String[] {parts[1], parts[2]};
  }
}
