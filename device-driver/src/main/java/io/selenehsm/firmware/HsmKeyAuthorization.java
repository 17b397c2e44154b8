package io.selenehsm.firmware;

import io.selenehsm.firmware.audit.AuditEvent;
import io.selenehsm.firmware.mech.SoftwareProviders;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.object.HsmObject;
import io.selenehsm.firmware.policy.PartitionPolicies;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-key authorization on V1 partitions with partition policy 40.
 *
 * <ul>
 *   <li>Keys carry authorization data, kept as {@code CKA_AUTH_DATA} = salt(16) || SHA-256(salt ||
 *       data); the data itself is never stored or readable.
 *   <li>The Crypto Officer uses every key freely, sets or resets a key's authorization data ({@link
 *       #resetAuthorizationData}, which also clears the failure counter) and assigns keys to the
 *       users ({@link #assignKey}, {@code CKA_ASSIGNED}).
 *   <li>The Crypto User and Limited Crypto Officer use a key only when it is assigned and they
 *       authorized it in their login with its data ({@link #authorizeKey}); they may change the
 *       data knowing the old one ({@link #setAuthorizationData}).
 *   <li>Each wrong authorization increments {@code CKA_FAILED_KEY_AUTH_COUNT}; at the partition's
 *       failed-login limit (partition policy 20) the key refuses authorization with {@code
 *       CKR_PIN_LOCKED} until the Crypto Officer resets its data.
 * </ul>
 *
 * An authorization lasts while the session that made it is open and logged in as the same role.
 */
public final class HsmKeyAuthorization {
  private static final int SALT = 16;

  private final Hsm hsm;

  /** Authorizations: session handle, role, key handle. */
  private final Set<Grant> grants = ConcurrentHashMap.newKeySet();

  private record Grant(long session, Role role, int partition, long key) {}

  HsmKeyAuthorization(Hsm hsm) {
    this.hsm = hsm;
  }

  private static boolean enforced(Partition p) {
    return p.record.policies().isOn(PartitionPolicies.PER_KEY_AUTHORIZATION)
        && p.record.policies().get(PartitionPolicies.PARTITION_VERSION) == 1;
  }

  /**
   * True when {@link #checkUse} has something to check for this session and key (per-key
   * authorization enforced, a private or secret key, a user role): its answer then depends on
   * authorizations that come and go, so it is never cached.
   */
  boolean appliesTo(Session s, Partition p, HsmObject key) {
    if (!enforced(p) || key.objectClass() == Cko.PUBLIC_KEY) {
      return false;
    }
    Role r = hsm.roleOf(s);
    return r == Role.CRYPTO_USER || r == Role.LIMITED_CRYPTO_OFFICER;
  }

  /** Called for every key use: users need an assigned key they authorized in this login. */
  void checkUse(Session s, Partition p, HsmObject key) throws HsmException {
    if (!enforced(p) || key.objectClass() == Cko.PUBLIC_KEY) {
      return;
    }
    Role r = hsm.roleOf(s);
    if (r != Role.CRYPTO_USER && r != Role.LIMITED_CRYPTO_OFFICER) {
      return;
    }
    if (!key.attributes().bool(Cka.ASSIGNED, false)) {
      throw new HsmException(
          Ckr.USER_NOT_AUTHORIZED,
          "key "
              + key.handle()
              + " is not assigned to users (partition "
              + p.id
              + " uses per-key authorization)");
    }
    if (!grants.contains(new Grant(s.handle, r, p.id, key.handle()))) {
      throw new HsmException(
          Ckr.USER_NOT_AUTHORIZED,
          "key "
              + key.handle()
              + " is not authorized in this session; authorize it with its authorization data");
    }
  }

  /** CA_AuthorizeKey: the user proves knowledge of the key's authorization data. */
  public void authorizeKey(long session, long key, char[] authData) throws HsmException {
    hsm.audit()
        .action(
            AuditEvent.AUTHORIZE_KEY,
            session,
            "key " + key,
            () -> {
              Work w = begin(session, key, Role.CRYPTO_USER, Role.LIMITED_CRYPTO_OFFICER);
              if (!w.key.attributes().bool(Cka.ASSIGNED, false)) {
                throw new HsmException(Ckr.USER_NOT_AUTHORIZED, "key " + key + " is not assigned");
              }
              verifyOrCount(w, authData);
              grants.add(new Grant(w.s.handle, w.role, w.p.id, key));
            });
  }

  /** CA_SetAuthorizationData: changes the data, knowing the old one (any crypto role). */
  public void setAuthorizationData(long session, long key, char[] oldData, char[] newData)
      throws HsmException {
    hsm.audit()
        .action(
            AuditEvent.SET_AUTHORIZATION_DATA,
            session,
            "key " + key,
            () -> {
              Work w =
                  begin(
                      session,
                      key,
                      Role.CRYPTO_OFFICER,
                      Role.CRYPTO_USER,
                      Role.LIMITED_CRYPTO_OFFICER);
              checkData(newData);
              if (w.key.attributes().has(Cka.AUTH_DATA)) {
                verifyOrCount(w, oldData);
              } else if (w.role != Role.CRYPTO_OFFICER) {
                throw new HsmException(
                    Ckr.USER_NOT_AUTHORIZED,
                    "key "
                        + key
                        + " has no authorization data yet; the Crypto Officer sets the first one");
              }
              update(
                  w,
                  w.key.attributes().toBuilder()
                      .set(Cka.AUTH_DATA, hash(newData))
                      .set(Cka.FAILED_KEY_AUTH_COUNT, 0L)
                      .build());
            });
  }

  /** CA_ResetAuthorizationData: the Crypto Officer sets new data and clears the counter. */
  public void resetAuthorizationData(long session, long key, char[] newData) throws HsmException {
    hsm.audit()
        .action(
            AuditEvent.RESET_AUTHORIZATION_DATA,
            session,
            "key " + key,
            () -> {
              Work w = begin(session, key, Role.CRYPTO_OFFICER);
              checkData(newData);
              update(
                  w,
                  w.key.attributes().toBuilder()
                      .set(Cka.AUTH_DATA, hash(newData))
                      .set(Cka.FAILED_KEY_AUTH_COUNT, 0L)
                      .build());
              grants.removeIf(g -> g.partition() == w.p.id && g.key() == key);
            });
  }

  /** CA_AssignKey: the Crypto Officer makes a key available to the users. */
  public void assignKey(long session, long key) throws HsmException {
    hsm.audit()
        .action(
            AuditEvent.ASSIGN_KEY,
            session,
            "key " + key,
            () -> {
              Work w = begin(session, key, Role.CRYPTO_OFFICER);
              update(w, w.key.attributes().toBuilder().set(Cka.ASSIGNED, true).build());
            });
  }

  /** Consecutive failed authorizations of a key. */
  public long failedAuthorizations(long session, long key) throws HsmException {
    Session s = hsm.session(session);
    hsm.gate(Hsm.Access.NORMAL);
    Partition p = hsm.objectPartition(s);
    return failures(hsm.visibleObject(s, p, key));
  }

  private record Work(Session s, Partition p, HsmObject key, Role role) {}

  private Work begin(long session, long key, Role... allowed) throws HsmException {
    Session s = hsm.session(session);
    hsm.gate(Hsm.Access.NORMAL);
    Partition p = hsm.objectPartition(s);
    if (!enforced(p)) {
      throw new HsmException(
          Ckr.OPERATION_NOT_ALLOWED,
          "partition "
              + p.id
              + " does not use"
              + " per-key authorization (it needs a V1 partition with partition policy 40 = 1)");
    }
    Role r = hsm.roleOf(s);
    if (r == null || !Arrays.asList(allowed).contains(r)) {
      throw new HsmException(
          r == null ? Ckr.USER_NOT_LOGGED_IN : Ckr.USER_NOT_AUTHORIZED,
          "this per-key authorization command needs role "
              + Arrays.stream(allowed).map(Role::shortName).toList()
              + (r == null ? "" : ", not " + r.shortName()));
    }
    hsm.requireNoPendingChange(s, r);
    HsmObject o = hsm.visibleObject(s, p, key);
    if (!Cko.isKey(o.objectClass()) || o.objectClass() == Cko.PUBLIC_KEY) {
      throw new HsmException(
          Ckr.KEY_HANDLE_INVALID, "object " + key + " is not a secret or private key");
    }
    return new Work(s, p, o, r);
  }

  private static void checkData(char[] data) throws HsmException {
    if (data == null || data.length < 1 || data.length > 255) {
      throw new HsmException(Ckr.ARGUMENTS_BAD, "authorization data is 1-255 characters");
    }
  }

  private static long failures(HsmObject o) {
    byte[] v = o.attributes().get(Cka.FAILED_KEY_AUTH_COUNT);
    return v == null ? 0 : o.attributes().ulong(Cka.FAILED_KEY_AUTH_COUNT, 0);
  }

  private void verifyOrCount(Work w, char[] data) throws HsmException {
    int limit = w.p.record.policies().get(PartitionPolicies.MAX_FAILED_USER_LOGINS);
    long failed = failures(w.key);
    if (failed >= limit) {
      throw new HsmException(
          Ckr.PIN_LOCKED,
          "key "
              + w.key.handle()
              + " is locked after "
              + failed
              + " failed authorizations; the Crypto Officer must reset its data");
    }
    byte[] stored = w.key.attributes().get(Cka.AUTH_DATA);
    if (stored == null) {
      throw new HsmException(
          Ckr.USER_PIN_NOT_INITIALIZED, "key " + w.key.handle() + " has no authorization data");
    }
    if (data != null && matches(stored, data)) {
      if (failed != 0) {
        update(w, w.key.attributes().toBuilder().set(Cka.FAILED_KEY_AUTH_COUNT, 0L).build());
      }
      return;
    }
    update(w, w.key.attributes().toBuilder().set(Cka.FAILED_KEY_AUTH_COUNT, failed + 1).build());
    throw new HsmException(
        Ckr.PIN_INCORRECT,
        "wrong authorization data for key "
            + w.key.handle()
            + "; "
            + (limit - failed - 1)
            + " attempt(s) left");
  }

  /** Replaces the key's attributes, committing token keys first. */
  private void update(Work w, Attributes next) throws HsmException {
    w.p.lock.lock();
    try {
      HsmObject current = w.p.objects.get(w.key.handle());
      if (current == null) {
        throw new HsmException(
            Ckr.OBJECT_HANDLE_INVALID, "key " + w.key.handle() + " was destroyed concurrently");
      }
      HsmObject updated = current.withAttributes(next);
      if (updated.isToken()) {
        hsm.commitObject(w.p, updated);
      }
      w.p.objects.put(updated.handle(), updated);
    } finally {
      w.p.lock.unlock();
    }
  }

  private byte[] hash(char[] data) {
    byte[] salt = hsm.randomBytes(SALT);
    return ByteBuffer.allocate(SALT + 32).put(salt).put(digest(salt, data)).array();
  }

  private static boolean matches(byte[] stored, char[] data) {
    if (stored.length != SALT + 32) {
      return false;
    }
    byte[] salt = Arrays.copyOf(stored, SALT);
    return MessageDigest.isEqual(
        Arrays.copyOfRange(stored, SALT, stored.length), digest(salt, data));
  }

  private static byte[] digest(byte[] salt, char[] data) {
    try {
      MessageDigest sha = SoftwareProviders.digest("SHA-256");
      sha.update(salt);
      sha.update(new String(data).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is a mandatory JDK algorithm", e);
    }
  }
}
