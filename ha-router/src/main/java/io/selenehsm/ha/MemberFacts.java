package io.selenehsm.ha;

import java.util.HexFormat;
import java.util.Optional;

/**
 * What the group must know about a member partition to admit it: its serial, partition version
 * (policy 41), cloning-domain fingerprint and SMK fingerprint (V1, when SKS is attached).
 */
record MemberFacts(String serial, int version, String domain, Optional<String> smk) {
  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
