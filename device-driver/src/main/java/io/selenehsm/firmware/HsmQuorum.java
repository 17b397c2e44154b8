package io.selenehsm.firmware;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.selenehsm.firmware.audit.AuditEvent;
import io.selenehsm.firmware.lifecycle.AdminAction;
import io.selenehsm.firmware.mech.SoftwareProviders;
import io.selenehsm.firmware.policy.PartitionPolicies;
import io.selenehsm.firmware.quorum.IKey;
import io.selenehsm.firmware.quorum.IKeyColor;
import io.selenehsm.firmware.quorum.Ped;
import io.selenehsm.firmware.quorum.QuorumAuthenticator;
import io.selenehsm.firmware.quorum.QuorumVerifier;
import io.selenehsm.firmware.quorum.SecretSharing;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Credential;
import io.selenehsm.firmware.role.PasswordRules;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.firmware.store.FlashStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Multifactor quorum authentication with the emulated PED: roles whose secret lives on iKeys.
 *
 * <h2>How a quorum role maps onto the engine</h2>
 *
 * Initialising a role through the PED makes a random 256-bit secret, splits it M-of-N onto new
 * iKeys of the role's colour ({@link Ped#issue}), and gives the engine a role credential whose
 * password is derived from that secret ({@link #passwordOf}); nobody ever sees it. The device keeps
 * a {@link QuorumVerifier} under {@code quorum/<partition>/<role>}, bound to the salt of the
 * credential it was made for: re-initialising the role with a password, or destroying it, makes the
 * verifier stale without any further bookkeeping. Logging in through the PED reassembles the secret
 * and logs in with the derived password, so the engine's failure counters and lockouts apply
 * unchanged; iKeys that do not authenticate count as one failed login.
 *
 * <h2>Activation (partition policies 22 and 23)</h2>
 *
 * With policy 22 on, a Crypto Officer or Crypto User that logs in through the PED activates the
 * partition for that role: the derived password is cached in volatile memory, and applications may
 * then log in with the role's challenge secret (set by {@link #createChallenge}) instead of the
 * iKeys. {@link #deactivate}, a tamper, or a restart (unless policy 23, auto-activation, is on)
 * ends the activation; power loss (a new engine) always does.
 */
public final class HsmQuorum {
  static final String PREFIX = "quorum/";
  private static final byte[] PASSWORD_LABEL = "selene quorum role password\0".getBytes(UTF_8);

  private final Hsm hsm;

  /** Cached derived passwords of activated roles, by partition and role. */
  private final Map<String, char[]> activated = new ConcurrentHashMap<>();

  HsmQuorum(Hsm hsm) {
    this.hsm = hsm;
  }

  /** The iKey colour that carries a role's secret. */
  public static IKeyColor colorOf(Role role) {
    return switch (role) {
      case HSM_SO, PARTITION_SO -> IKeyColor.BLUE;
      case AUDITOR -> IKeyColor.WHITE;
      case CRYPTO_OFFICER -> IKeyColor.BLACK;
      case CRYPTO_USER, LIMITED_CRYPTO_OFFICER -> IKeyColor.GRAY;
    };
  }

  /** The engine password of a role whose secret is {@code secret}: base64 of a labelled hash. */
  static char[] passwordOf(byte[] secret) {
    try {
      MessageDigest sha = SoftwareProviders.digest("SHA-256");
      sha.update(PASSWORD_LABEL);
      byte[] d = sha.digest(secret);
      return ("Q" + Base64.getUrlEncoder().withoutPadding().encodeToString(d)).toCharArray();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is a mandatory JDK algorithm", e);
    }
  }

  private static String key(int partition, Role role) {
    return PREFIX + partition + "/" + role.shortName();
  }

  private static String challengeKey(int partition, Role role) {
    return key(partition, role) + ".challenge";
  }

  /** Stored verifier with the credential salt it belongs to. */
  private record Entry(byte[] credentialSalt, QuorumVerifier verifier) {
    byte[] encode() {
      return (HexFormat.of().formatHex(credentialSalt) + " " + verifier.encode()).getBytes(UTF_8);
    }

    static Entry decode(byte[] b) throws HsmException {
      String s = new String(b, UTF_8);
      int sp = s.indexOf(' ');
      if (sp < 0) {
        throw new HsmException(Ckr.DEVICE_ERROR, "a stored quorum verifier is corrupt");
      }
      return new Entry(
          HexFormat.of().parseHex(s.substring(0, sp)), QuorumVerifier.parse(s.substring(sp + 1)));
    }
  }

  /** The verifier of a role if it is (still) quorum-authenticated. */
  private QuorumVerifier verifier(int partition, Role role) throws HsmException {
    byte[] raw = hsm.stored(key(partition, role));
    Credential c = hsm.credentialOf(partition, role);
    if (raw == null || c == null) {
      return null;
    }
    Entry e = Entry.decode(raw);
    return Arrays.equals(e.credentialSalt(), c.salt()) ? e.verifier() : null;
  }

  /** Whether the role on that partition (0 = admin) authenticates with iKeys. */
  public boolean isQuorumRole(int partition, Role role) throws HsmException {
    return verifier(partition, role) != null;
  }

  // ---------------------------------------------------------------- initialisation

  /** {@code hsm init -iped}: a new HSM SO whose secret is split onto blue iKeys. */
  public void initHsm(
      long session, String label, String domain, String policyTemplate, Ped ped, int m, int n)
      throws HsmException {
    checkQuorum(m, n);
    byte[] secret = hsm.randomBytes(32);
    char[] password = passwordOf(secret);
    try {
      hsm.initHsm(session, label, password, domain, policyTemplate);
      bind(0, Role.HSM_SO, secret, m, n, ped, "HSM SO of " + label);
    } finally {
      Arrays.fill(password, '\0');
      Arrays.fill(secret, (byte) 0);
    }
  }

  /** Partition init with a blue Partition SO key set. */
  public void initPartition(
      long session, String label, String domain, String policyTemplate, Ped ped, int m, int n)
      throws HsmException {
    checkQuorum(m, n);
    byte[] secret = hsm.randomBytes(32);
    char[] password = passwordOf(secret);
    try {
      hsm.initPartition(session, label, password, domain, policyTemplate);
      bind(
          hsm.session(session).partitionId,
          Role.PARTITION_SO,
          secret,
          m,
          n,
          ped,
          "Partition SO of " + label);
    } finally {
      Arrays.fill(password, '\0');
      Arrays.fill(secret, (byte) 0);
    }
  }

  /** {@code role init -iped}: Auditor (white), Crypto Officer (black), Crypto User/LCO (gray). */
  public void initRole(long session, Role role, Ped ped, int m, int n) throws HsmException {
    checkQuorum(m, n);
    byte[] secret = hsm.randomBytes(32);
    char[] password = passwordOf(secret);
    try {
      hsm.initRole(session, role, password);
      bind(hsm.session(session).partitionId, role, secret, m, n, ped, role.shortName());
    } finally {
      Arrays.fill(password, '\0');
      Arrays.fill(secret, (byte) 0);
    }
  }

  private static void checkQuorum(int m, int n) throws HsmException {
    if (m < 1 || m > n || n > SecretSharing.MAX_SHARES) {
      throw new HsmException(
          Ckr.ARGUMENTS_BAD,
          "a quorum is M of N with 1 <= M <= N <= "
              + SecretSharing.MAX_SHARES
              + "; got "
              + m
              + " of "
              + n);
    }
  }

  /** Stores the verifier and hands the new iKeys out through the PED. */
  private void bind(int partition, Role role, byte[] secret, int m, int n, Ped ped, String label)
      throws HsmException {
    Credential c = hsm.credentialOf(partition, role);
    QuorumVerifier v = QuorumVerifier.create(colorOf(role), m, n, secret, hsm.options().random());
    hsm.commit(
        new FlashStore.Batch()
            .put(key(partition, role), new Entry(c.salt(), v).encode())
            .delete(challengeKey(partition, role)));
    List<IKey> keys = IKey.mint(colorOf(role), label, secret, m, n, hsm.options().random());
    ped.issue(
        keys,
        "Attend to the PED: "
            + n
            + " "
            + colorOf(role)
            + " iKey(s) for "
            + label
            + " (quorum "
            + m
            + " of "
            + n
            + ")");
  }

  // ---------------------------------------------------------------- login and activation

  /**
   * Logs a quorum role in through the PED. iKeys that do not authenticate count as one failed login
   * of the role; a CO or CU login also activates the partition when policy 22 is on.
   */
  public void login(long session, Role role, Ped ped) throws HsmException {
    Session s = hsm.session(session);
    hsm.audit()
        .action(
            AuditEvent.LOGIN,
            session,
            "PED login as " + role.shortName(),
            () -> {
              hsm.gate(role == Role.HSM_SO ? Hsm.Access.TRANSPORT : Hsm.Access.NORMAL);
              QuorumVerifier v = verifier(s.partitionId, role);
              if (v == null) {
                throw new HsmException(
                    Ckr.USER_TYPE_INVALID,
                    "role "
                        + role.shortName()
                        + " on partition "
                        + s.partitionId
                        + " does not authenticate with the PED");
              }
              byte[] secret;
              try {
                secret = new QuorumAuthenticator(ped).authenticate(v, role.shortName());
              } catch (HsmException e) {
                if (QuorumAuthenticator.isFailedAttempt(e)) {
                  // Counts the failure and applies the role's lockout rule like a wrong password.
                  hsm.loginCommand(session, role, passwordOf(hsm.randomBytes(32)));
                }
                throw e;
              }
              char[] password = passwordOf(secret);
              Arrays.fill(secret, (byte) 0);
              hsm.loginCommand(session, role, password);
              if (activates(s.partitionId, role)) {
                char[] old = activated.put(key(s.partitionId, role), password);
                if (old != null) {
                  Arrays.fill(old, '\0');
                }
              } else {
                Arrays.fill(password, '\0');
              }
            });
  }

  private boolean activates(int partition, Role role) throws HsmException {
    return (role == Role.CRYPTO_OFFICER || role == Role.CRYPTO_USER)
        && partition != Hsm.ADMIN_PARTITION
        && hsm.partitionPolicies(partition).isOn(PartitionPolicies.ALLOW_ACTIVATION);
  }

  /** Whether the role is activated on the partition. */
  public boolean isActivated(int partition, Role role) {
    return activated.containsKey(key(partition, role));
  }

  /**
   * The Partition SO (for the CO) or the Crypto Officer (for the CU) sets the challenge secret
   * applications log in with while the role is activated.
   */
  public void createChallenge(long session, Role role, char[] challenge) throws HsmException {
    Session s = hsm.session(session);
    hsm.audit()
        .action(
            AuditEvent.CREATE_LOGIN_CHALLENGE,
            session,
            "challenge for " + role.shortName(),
            () -> {
              hsm.gate(Hsm.Access.NORMAL);
              if (role != Role.CRYPTO_OFFICER && role != Role.CRYPTO_USER) {
                throw new HsmException(
                    Ckr.USER_TYPE_INVALID, "challenge secrets exist for co and cu");
              }
              hsm.requireRole(
                  s, role == Role.CRYPTO_OFFICER ? Role.PARTITION_SO : Role.CRYPTO_OFFICER);
              if (verifier(s.partitionId, role) == null) {
                throw new HsmException(
                    Ckr.USER_TYPE_INVALID,
                    "role "
                        + role.shortName()
                        + " of partition "
                        + s.partitionId
                        + " is not PED-authenticated");
              }
              PasswordRules.checkNewPassword("the challenge secret", challenge);
              Credential c =
                  Credential.create(
                      challenge, hsm.options().kdfCost(), false, hsm.options().random());
              hsm.commit(new FlashStore.Batch().put(challengeKey(s.partitionId, role), encode(c)));
            });
  }

  /** Ends the activation of the session's role (or of every role, for the Partition SO). */
  public void deactivate(long session) throws HsmException {
    Session s = hsm.session(session);
    Role r = hsm.roleOf(s);
    if (r == null) {
      throw new HsmException(Ckr.USER_NOT_LOGGED_IN, "log in to deactivate a partition");
    }
    activated
        .keySet()
        .removeIf(
            k ->
                k.startsWith(PREFIX + s.partitionId + "/")
                    && (r == Role.PARTITION_SO || k.equals(key(s.partitionId, r))));
    if (s.partitionId != Hsm.ADMIN_PARTITION) {
      hsm.deactivatePartitionKey(s.partitionId);
    }
  }

  /** Tamper or power loss: every activation ends. */
  void deactivateAll() {
    activated.values().forEach(p -> Arrays.fill(p, '\0'));
    activated.clear();
  }

  /** A restart keeps only the activations of partitions with auto-activation (policy 23). */
  void onRestart() {
    activated
        .keySet()
        .removeIf(
            k -> {
              int partition =
                  Integer.parseInt(k.substring(PREFIX.length(), k.indexOf('/', PREFIX.length())));
              try {
                return !hsm.partitionPolicies(partition)
                    .isOn(PartitionPolicies.ALLOW_AUTO_ACTIVATION);
              } catch (HsmException e) {
                return true;
              }
            });
  }

  /**
   * The engine password a password login presents: unchanged for a password role; for a quorum role
   * the activation's cached password when the challenge secret is right, else a password that fails
   * (counting the attempt). A quorum role that is not activated is refused.
   */
  char[] passwordFor(long session, Role role, char[] offered) throws HsmException {
    Session s = hsm.session(session);
    if (verifier(s.partitionId, role) == null) {
      return offered;
    }
    char[] cached = activated.get(key(s.partitionId, role));
    byte[] challenge = hsm.stored(challengeKey(s.partitionId, role));
    if (cached == null || challenge == null) {
      throw new HsmException(
          Ckr.USER_TYPE_INVALID,
          "role "
              + role.shortName()
              + " authenticates with the PED (role login -iped)"
              + (cached == null ? "" : "; no challenge secret is set for it"));
    }
    return decode(challenge).verify(offered) ? cached.clone() : passwordOf(hsm.randomBytes(32));
  }

  /**
   * Zeroize and factory reset wipe the store: zeroize keeps the Auditor's verifier (the Auditor
   * survives it), factory reset keeps nothing. Either way every activation ends. Called before the
   * wipe, so it can still read what it keeps.
   */
  FlashStore.Batch carryOver(AdminAction action, FlashStore.Batch batch) {
    byte[] auditor = hsm.stored(key(0, Role.AUDITOR));
    if (action == AdminAction.ZEROIZE && auditor != null) {
      batch.put(key(0, Role.AUDITOR), auditor);
    }
    deactivateAll();
    return batch;
  }

  private static byte[] encode(Credential c) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      c.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static Credential decode(byte[] b) throws HsmException {
    try {
      return Credential.read(new DataInputStream(new ByteArrayInputStream(b)));
    } catch (IOException e) {
      throw new HsmException(Ckr.DEVICE_ERROR, "a stored challenge secret is corrupt");
    }
  }
}
