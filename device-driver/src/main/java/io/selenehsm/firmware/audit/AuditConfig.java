package io.selenehsm.firmware.audit;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The auditor's settings: where rotated files go, which events are recorded, and when records are
 * rotated out of the device. Immutable; survives re-initialisation, removed by factory reset (the
 * engine's concern).
 *
 * <p>Text form, one setting per line, the same words the shell takes after {@code audit config}:
 *
 * <pre>
 * path /var/log/selene
 * evmask access:failure,keymgmt
 * interval daily
 * size 4m
 * </pre>
 *
 * A size is a byte count with an optional {@code k} or {@code m} (binary) suffix; {@code 0} turns
 * size-based rotation off. An unset path is omitted from the text form.
 */
public final class AuditConfig {
  /** Factory settings: no path (nothing rotates), only unconditional events, daily, no size. */
  public static final AuditConfig DEFAULT =
      new AuditConfig(null, EventMask.none(), RotationInterval.DAILY, 0);

  private static final long K = 1024;
  private static final long MAX_SIZE = 1024 * K * K;

  private final Path path;
  private final EventMask mask;
  private final RotationInterval interval;
  private final long sizeLimit;

  private AuditConfig(Path path, EventMask mask, RotationInterval interval, long sizeLimit) {
    this.path = path;
    this.mask = Objects.requireNonNull(mask);
    this.interval = Objects.requireNonNull(interval);
    this.sizeLimit = sizeLimit;
  }

  public Optional<Path> path() {
    return Optional.ofNullable(path);
  }

  public EventMask mask() {
    return mask;
  }

  public RotationInterval interval() {
    return interval;
  }

  /** Rotation threshold in bytes of buffered lines; 0 means no size-based rotation. */
  public long sizeLimit() {
    return sizeLimit;
  }

  public AuditConfig withPath(Path p) {
    return new AuditConfig(p, mask, interval, sizeLimit);
  }

  public AuditConfig withMask(EventMask m) {
    return new AuditConfig(path, m, interval, sizeLimit);
  }

  public AuditConfig withInterval(RotationInterval i) {
    return new AuditConfig(path, mask, i, sizeLimit);
  }

  public AuditConfig withSizeLimit(long bytes) {
    if (bytes < 0 || bytes > MAX_SIZE) {
      throw new IllegalArgumentException("Size limit " + bytes + " is outside 0.." + MAX_SIZE);
    }
    return new AuditConfig(path, mask, interval, bytes);
  }

  /**
   * Applies one shell setting, e.g. {@code interval daily}, {@code size 4m}, {@code evmask all},
   * {@code path /var/log/selene}.
   *
   * @throws HsmException {@code CKR_ARGUMENTS_BAD} naming the bad word
   */
  public AuditConfig apply(String setting) throws HsmException {
    String s = setting.strip();
    int space = s.indexOf(' ');
    String key = space < 0 ? s : s.substring(0, space);
    String value = space < 0 ? "" : s.substring(space + 1).strip();
    if (value.isEmpty()) {
      throw new HsmException(Ckr.ARGUMENTS_BAD, "Audit setting '" + key + "' needs a value");
    }
    switch (key) {
      case "path":
        try {
          return withPath(Path.of(value));
        } catch (InvalidPathException e) {
          throw new HsmException(Ckr.ARGUMENTS_BAD, "Invalid audit path '" + value + "'");
        }
      case "evmask":
        return withMask(EventMask.parse(value));
      case "interval":
        return withInterval(RotationInterval.fromToken(value));
      case "size":
        return withSizeLimit(parseSize(value));
      default:
        throw new HsmException(
            Ckr.ARGUMENTS_BAD,
            "Unknown audit setting '" + key + "'; expected path, evmask, interval or size");
    }
  }

  /** Parses the text form written by {@link #format()}; missing lines keep their defaults. */
  public static AuditConfig parse(String text) throws HsmException {
    AuditConfig c = DEFAULT;
    for (String line : text.split("\n")) {
      if (!line.isBlank()) {
        c = c.apply(line);
      }
    }
    return c;
  }

  public String format() {
    List<String> lines = new ArrayList<>();
    if (path != null) {
      lines.add("path " + path);
    }
    lines.add("evmask " + mask.format());
    lines.add("interval " + interval.token());
    lines.add("size " + formatSize(sizeLimit));
    return String.join("\n", lines) + "\n";
  }

  /** {@code 4m} → 4194304; {@code 512k}; {@code 1000}. */
  public static long parseSize(String s) throws HsmException {
    long unit = 1;
    String digits = s;
    char last = s.isEmpty() ? ' ' : s.charAt(s.length() - 1);
    if (last == 'k' || last == 'K') {
      unit = K;
      digits = s.substring(0, s.length() - 1);
    } else if (last == 'm' || last == 'M') {
      unit = K * K;
      digits = s.substring(0, s.length() - 1);
    }
    if (digits.isEmpty()
        || digits.length() > 10
        || !digits.chars().allMatch(AuditConfig::isAsciiDigit)) {
      throw new HsmException(
          Ckr.ARGUMENTS_BAD, "Invalid size '" + s + "'; expected digits with an optional k or m");
    }
    long bytes = Long.parseLong(digits) * unit;
    if (bytes > MAX_SIZE) {
      throw new HsmException(Ckr.ARGUMENTS_BAD, "Size '" + s + "' exceeds 1024m");
    }
    return bytes;
  }

  private static boolean isAsciiDigit(int c) {
    return c >= '0' && c <= '9';
  }

  public static String formatSize(long bytes) {
    if (bytes != 0 && bytes % (K * K) == 0) {
      return bytes / (K * K) + "m";
    }
    if (bytes != 0 && bytes % K == 0) {
      return bytes / K + "k";
    }
    return Long.toString(bytes);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof AuditConfig)) {
      return false;
    }
    AuditConfig c = (AuditConfig) o;
    return Objects.equals(path, c.path)
        && mask.equals(c.mask)
        && interval == c.interval
        && sizeLimit == c.sizeLimit;
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, mask, interval, sizeLimit);
  }

  @Override
  public String toString() {
    return format();
  }
}
