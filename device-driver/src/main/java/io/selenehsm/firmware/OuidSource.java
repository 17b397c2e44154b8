package io.selenehsm.firmware;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Object ids (OUIDs) for new objects. An OUID must be unique (it names an object and its copies
 * across partitions, backups and HA members) but is no secret: any session that sees the object
 * reads it. Drawing 12 bytes from the device's DRBG for every object cost a tenth of a key-pair
 * generation's own work (two OUIDs per pair, each a locked DRBG call); instead an OUID is 8 random
 * bytes drawn once per block followed by a 4-byte counter, so ids within a block never collide and
 * blocks of different devices or runs collide only if 64 random bits do. A block holds 2^31 ids;
 * the next one draws new random bytes.
 *
 * <p>Concurrency: lock-free on the way to an id (one atomic increment on the current block); a
 * thread that finds the block used up replaces it under the instance's lock, once, and every thread
 * then takes ids from the new block. Ids from a used-up block are never handed out (its counter has
 * gone negative).
 */
final class OuidSource {
  private static final int PREFIX_BYTES = 8;

  private final SecureRandom random;
  private volatile Block block;

  /** Random prefix and the next counter value; negative once the block is used up. */
  private static final class Block {
    final byte[] prefix;
    final AtomicInteger next;

    Block(byte[] prefix, AtomicInteger next) {
      this.prefix = prefix;
      this.next = next;
    }
  }

  OuidSource(SecureRandom random) {
    this(random, 0);
  }

  /** Tests start a block near its end to see the next one drawn. */
  OuidSource(SecureRandom random, int firstCounter) {
    this.random = random;
    this.block = newBlock(firstCounter);
  }

  private Block newBlock(int firstCounter) {
    byte[] prefix = new byte[PREFIX_BYTES];
    random.nextBytes(prefix);
    return new Block(prefix, new AtomicInteger(firstCounter));
  }

  /** A new OUID of {@link io.selenehsm.firmware.object.HsmObject#OUID_LENGTH} bytes. */
  byte[] next() {
    while (true) {
      Block b = block;
      int n = b.next.getAndIncrement();
      if (n >= 0) {
        byte[] ouid = new byte[PREFIX_BYTES + 4];
        System.arraycopy(b.prefix, 0, ouid, 0, PREFIX_BYTES);
        ouid[8] = (byte) (n >>> 24);
        ouid[9] = (byte) (n >>> 16);
        ouid[10] = (byte) (n >>> 8);
        ouid[11] = (byte) n;
        return ouid;
      }
      synchronized (this) {
        if (block == b) {
          block = newBlock(0);
        }
      }
    }
  }
}
