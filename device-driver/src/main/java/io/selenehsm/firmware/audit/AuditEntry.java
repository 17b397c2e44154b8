package io.selenehsm.firmware.audit;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the engine asks the log to record: the event, its result, who and where. The log adds the
 * sequence number, time, serial and chain HMAC to make an {@link AuditRecord}.
 *
 * <pre>{@code
 * AuditEntry.of(AuditEvent.LOGIN, Ckr.OK)
 *     .partition("3").role(AuditRole.CRYPTO_OFFICER).text("session 7 login").build();
 * AuditEntry.of(AuditEvent.SIGN, rc).partition("3").role(AuditRole.CRYPTO_USER)
 *     .keyUse(KeyKind.ASYMMETRIC, firstUseOfThisKey).text("key 0x2a RSA-PSS").build();
 * }</pre>
 */
public final class AuditEntry {
  /** Longest event text accepted; the engine rejects longer external messages up front. */
  public static final int MAX_TEXT_LENGTH = 1024;

  static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** The kind of key a key-usage event used. */
  public enum KeyKind {
    SYMMETRIC,
    ASYMMETRIC
  }

  private final AuditEvent event;
  private final AuditCategory category;
  private final long returnCode;
  private final String partition;
  private final AuditRole role;
  private final String text;
  private final boolean firstKeyUse;

  private AuditEntry(Builder b) {
    this.event = b.event;
    this.returnCode = b.returnCode;
    this.partition = b.partition;
    this.role = b.role;
    this.text = AuditOrigin.tag(b.text);
    this.firstKeyUse = b.firstKeyUse;
    if (event.isKeyUsage()) {
      if (b.keyKind == null) {
        throw new IllegalArgumentException(event + " is a key-usage event: name the key kind");
      }
      this.category =
          b.keyKind == KeyKind.SYMMETRIC
              ? AuditCategory.SYMMETRIC_KEY_USAGE
              : AuditCategory.ASYMMETRIC_KEY_USAGE;
    } else {
      if (b.keyKind != null) {
        throw new IllegalArgumentException(event + " is not a key-usage event");
      }
      this.category = event.category();
    }
    if (role != null && role.onAdminPartition() != AuditRecord.ADMIN_PARTITION.equals(partition)) {
      throw new IllegalArgumentException(
          "Role " + role + " does not belong on partition '" + partition + "'");
    }
  }

  public static Builder of(AuditEvent event, long returnCode) {
    return new Builder(event, returnCode);
  }

  public AuditEvent event() {
    return event;
  }

  public AuditCategory category() {
    return category;
  }

  public long returnCode() {
    return returnCode;
  }

  public AuditOutcome outcome() {
    return AuditOutcome.of(returnCode);
  }

  public String partition() {
    return partition;
  }

  /** The authenticated role, or {@code null} when nobody is logged in. */
  public AuditRole role() {
    return role;
  }

  public String text() {
    return text;
  }

  public boolean firstKeyUse() {
    return firstKeyUse;
  }

  /** Builder; partition defaults to the admin partition, role to none, text to empty. */
  public static final class Builder {
    private final AuditEvent event;
    private final long returnCode;
    private String partition = AuditRecord.ADMIN_PARTITION;
    private AuditRole role;
    private String text = "";
    private KeyKind keyKind;
    private boolean firstKeyUse;

    private Builder(AuditEvent event, long returnCode) {
      this.event = Objects.requireNonNull(event);
      this.returnCode = returnCode;
    }

    /** {@link AuditRecord#ADMIN_PARTITION} or the application partition's id. */
    public Builder partition(String partition) {
      if (!TOKEN.matcher(partition).matches()) {
        throw new IllegalArgumentException("Bad partition token '" + partition + "'");
      }
      this.partition = partition;
      return this;
    }

    public Builder partition(long applicationPartitionId) {
      return partition(Long.toString(applicationPartitionId));
    }

    public Builder role(AuditRole role) {
      this.role = role;
      return this;
    }

    public Builder text(String text) {
      if (text.length() > MAX_TEXT_LENGTH) {
        throw new IllegalArgumentException(
            "Audit text is " + text.length() + " characters; at most " + MAX_TEXT_LENGTH);
      }
      // Round-trip through UTF-8 so that an unpaired surrogate becomes '?' here, not only in the
      // line: the record then reads back exactly as it was sealed.
      this.text = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
      return this;
    }

    /** For key-usage events: the kind of key and whether this is the key's first use. */
    public Builder keyUse(KeyKind kind, boolean firstUse) {
      this.keyKind = Objects.requireNonNull(kind);
      this.firstKeyUse = firstUse;
      return this;
    }

    public AuditEntry build() {
      return new AuditEntry(this);
    }
  }
}
