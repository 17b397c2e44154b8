package io.selenehsm.firmware.quorum;

import io.selenehsm.firmware.quorum.SecretSharing.Share;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Logs a quorum-authenticated role in through the PED: collects M iKeys of the role's colour, asks
 * each holder with a PIN for it, reassembles the secret and checks it against the role's {@link
 * QuorumVerifier}.
 *
 * <h2>Which errors are failed attempts</h2>
 *
 * Only {@code CKR_PIN_INCORRECT} means the holder presented wrong credentials of the right kind —
 * iKeys of another secret, or a wrong PIN — and must count towards the role's failure threshold
 * ({@link #isFailedAttempt}). It is raised only after all M keys and PINs were taken, so which key
 * or PIN was wrong is not revealed. Mistakes that present no credential at all are {@code
 * CKR_ARGUMENTS_BAD} and do not count: a key of the wrong colour, fewer than M keys, or the same
 * split twice (e.g. a key and its duplicate). A cancelled PIN entry is {@code
 * CKR_FUNCTION_CANCELED}, also not counted.
 */
public final class QuorumAuthenticator {
  private final Ped ped;

  public QuorumAuthenticator(Ped ped) {
    this.ped = ped;
  }

  /** True for the errors the engine must count as a failed login. */
  public static boolean isFailedAttempt(HsmException e) {
    return e.returnCode() == Ckr.PIN_INCORRECT;
  }

  /**
   * @param role the stored verifier of the role (or domain) being authenticated
   * @param roleName how prompts name it, e.g. {@code "HSM SO"}
   * @return the reassembled secret; the caller clears it when done
   */
  public byte[] authenticate(QuorumVerifier role, String roleName) throws HsmException {
    int m = role.quorum();
    List<IKey> keys =
        ped.present(
            role.color(),
            m,
            "Present "
                + m
                + " "
                + role.color()
                + " iKey"
                + (m == 1 ? "" : "s")
                + " for "
                + roleName
                + " (quorum "
                + m
                + " of "
                + role.total()
                + ")");
    checkPresented(role, keys);
    List<IKey> quorum = keys.subList(0, m);
    List<Share> shares = new ArrayList<>(m);
    for (IKey key : quorum) {
      char[] pin = key.hasPin() ? ped.pin(key, "PIN for " + roleName) : null;
      try {
        shares.add(key.share(pin));
      } finally {
        if (pin != null) {
          Arrays.fill(pin, '\0');
        }
      }
    }
    if (!sameSecret(quorum, role)) {
      throw incorrect(roleName);
    }
    byte[] secret = SecretSharing.combine(shares);
    if (!role.matches(secret)) {
      Arrays.fill(secret, (byte) 0);
      throw incorrect(roleName);
    }
    return secret;
  }

  private static void checkPresented(QuorumVerifier role, List<IKey> keys) throws HsmException {
    for (IKey k : keys) {
      if (k.color() != role.color()) {
        throw new HsmException(
            Ckr.ARGUMENTS_BAD,
            "A " + k.color() + " iKey was presented where a " + role.color() + " one is needed");
      }
    }
    if (keys.size() < role.quorum()) {
      throw new HsmException(
          Ckr.ARGUMENTS_BAD,
          "The quorum is " + role.quorum() + " iKeys; " + keys.size() + " presented");
    }
    for (int i = 0; i < role.quorum(); i++) {
      for (int j = 0; j < i; j++) {
        IKey a = keys.get(i);
        IKey b = keys.get(j);
        if (a.secretId().equals(b.secretId()) && a.index() == b.index()) {
          throw new HsmException(
              Ckr.ARGUMENTS_BAD,
              "Split " + a.index() + " was presented twice; each split counts once");
        }
      }
    }
  }

  /** All keys are splits of one secret with the role's M and N. */
  private static boolean sameSecret(List<IKey> keys, QuorumVerifier role) {
    String id = keys.get(0).secretId();
    return keys.stream()
        .allMatch(
            k ->
                k.secretId().equals(id)
                    && k.quorum() == role.quorum()
                    && k.total() == role.total());
  }

  private static HsmException incorrect(String roleName) {
    return new HsmException(
        Ckr.PIN_INCORRECT, "The iKeys or PINs presented do not authenticate " + roleName);
  }
}
