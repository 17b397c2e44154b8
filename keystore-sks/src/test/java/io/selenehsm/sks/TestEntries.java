package io.selenehsm.sks;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Self-checking entries: the blob names its writer, sequence number and alias, followed by bytes
 * derived from them, so a reader can tell an intact write from a torn or mixed one.
 */
final class TestEntries {
  private TestEntries() {}

  /** Who wrote an entry and when. */
  record Write(int writer, long seq) {}

  static BlobEntry make(String alias, int writer, long seq) {
    byte[] head = ("W" + writer + ":" + seq + ":" + alias + ":").getBytes(StandardCharsets.UTF_8);
    Random r = new Random(seed(alias, writer, seq));
    byte[] tail = new byte[200 + r.nextInt(1800)];
    r.nextBytes(tail);
    byte[] blob = Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, blob, head.length, tail.length);
    byte[] cert = new byte[64 + r.nextInt(64)];
    r.nextBytes(cert);
    byte[] ouid = new byte[12];
    r.nextBytes(ouid);
    return new BlobEntry(
        alias,
        blob,
        List.of(cert),
        ouid,
        writer % 2 == 0 ? "RSA" : "EC",
        Instant.ofEpochMilli(1_700_000_000_000L + seq));
  }

  /** The write an entry came from; throws AssertionError when the entry is not intact. */
  static Write check(BlobEntry e) {
    String text =
        new String(e.blob(), 0, Math.min(e.blob().length, 300), StandardCharsets.ISO_8859_1);
    String[] parts = text.split(":", 4);
    if (parts.length < 4 || !parts[0].startsWith("W") || !parts[2].equals(e.alias())) {
      throw new AssertionError("entry " + e.alias() + " has a foreign or damaged header");
    }
    int writer = Integer.parseInt(parts[0].substring(1));
    long seq = Long.parseLong(parts[1]);
    if (!make(e.alias(), writer, seq).equals(e)) {
      throw new AssertionError(
          "entry "
              + e.alias()
              + " (writer "
              + writer
              + ", seq "
              + seq
              + ") is not what was written");
    }
    return new Write(writer, seq);
  }

  private static long seed(String alias, int writer, long seq) {
    return alias.hashCode() * 1_000_003L + writer * 7919L + seq;
  }
}
