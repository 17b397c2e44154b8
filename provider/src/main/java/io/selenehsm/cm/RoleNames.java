package io.selenehsm.cm;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import java.util.Locale;
import java.util.Map;

/**
 * The names an operator may give a role in {@code -name}: the short name ({@code so, au, po, co,
 * cu, lco}) or the long name the vendor's guide prints ({@code Auditor}, {@code "Crypto Officer"},
 * ...). Case, blanks, hyphens and underscores do not matter, so {@code crypto_officer} and {@code
 * "Crypto Officer"} are one name.
 */
final class RoleNames {
  private RoleNames() {}

  private static final Map<String, Role> NAMES =
      Map.ofEntries(
          Map.entry("so", Role.HSM_SO),
          Map.entry("hsmso", Role.HSM_SO),
          Map.entry("securityofficer", Role.HSM_SO),
          Map.entry("hsmsecurityofficer", Role.HSM_SO),
          Map.entry("au", Role.AUDITOR),
          Map.entry("auditor", Role.AUDITOR),
          Map.entry("audit", Role.AUDITOR),
          Map.entry("po", Role.PARTITION_SO),
          Map.entry("partitionso", Role.PARTITION_SO),
          Map.entry("partitionsecurityofficer", Role.PARTITION_SO),
          Map.entry("co", Role.CRYPTO_OFFICER),
          Map.entry("cryptoofficer", Role.CRYPTO_OFFICER),
          Map.entry("cu", Role.CRYPTO_USER),
          Map.entry("cryptouser", Role.CRYPTO_USER),
          Map.entry("lco", Role.LIMITED_CRYPTO_OFFICER),
          Map.entry("limitedcryptoofficer", Role.LIMITED_CRYPTO_OFFICER));

  /** The role {@code name} stands for. */
  static Role parse(String name) throws HsmException {
    Role role = NAMES.get(name.toLowerCase(Locale.ROOT).replaceAll("[\\s_-]", ""));
    if (role == null) {
      throw new HsmException(
          Ckr.USER_TYPE_INVALID,
          "unknown role '"
              + name
              + "'; expected so"
              + " (HSM SO), au (Auditor), po (Partition SO), co (Crypto Officer), cu (Crypto User)"
              + " or lco (Limited Crypto Officer)");
    }
    return role;
  }
}
