package io.selenehsm.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;

/**
 * The floor under a durable key pair on a raw route: generate the pair, append both keys' encodings
 * to a log with one write and force it ({@code force(true)}, as the flash store does for a grown
 * log). No HSM could make a durable pair faster on the same disk; the report compares the Selene
 * routes with it. The log is emptied after each batch, outside the measurement.
 */
final class DurableFloor implements Op {
  private final KeyPairGenerator generator;
  private final FileChannel log;

  DurableFloor(KeyPairGenerator generator) throws IOException {
    this.generator = generator;
    this.log =
        FileChannel.open(
            StateDirectories.temporary("selene-bench-floor").resolve("log"),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.APPEND);
  }

  @Override
  public Object run() throws IOException {
    KeyPair pair = generator.generateKeyPair();
    byte[] pub = pair.getPublic().getEncoded();
    byte[] priv = pair.getPrivate().getEncoded();
    ByteBuffer record = ByteBuffer.allocate(pub.length + priv.length).put(pub).put(priv).flip();
    while (record.hasRemaining()) {
      log.write(record);
    }
    log.force(true);
    return pair;
  }

  @Override
  public void afterIteration() throws IOException {
    log.truncate(0);
  }

  @Override
  public void close() throws IOException {
    log.close();
  }
}
