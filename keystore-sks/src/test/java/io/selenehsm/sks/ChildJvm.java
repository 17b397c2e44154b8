package io.selenehsm.sks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A {@link StoreWriter} in its own JVM, with the acknowledgements it printed. */
final class ChildJvm {
  final Process process;

  /** Acknowledged writes: alias to the sequence numbers acknowledged for it. */
  final ConcurrentHashMap<String, List<Long>> acks = new ConcurrentHashMap<>();

  final CountDownLatch ready = new CountDownLatch(1);
  volatile boolean done;
  private final Thread reader;
  private final StringBuilder errors = new StringBuilder();

  ChildJvm(String location, int writer, long count, int shared, long first, Path log)
      throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                StoreWriter.class.getName(),
                location,
                String.valueOf(writer),
                String.valueOf(count),
                String.valueOf(shared),
                String.valueOf(first)));
    process = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
    reader = new Thread(this::read, "child-" + writer);
    reader.setDaemon(true);
    reader.start();
  }

  private void read() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.equals("READY")) {
          ready.countDown();
        } else if (line.equals("DONE")) {
          done = true;
        } else if (line.startsWith("ACK ")) {
          String[] p = line.split(" ");
          if (p.length == 3) {
            acks.computeIfAbsent(
                    p[1], k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                .add(Long.parseLong(p[2]));
          }
        }
      }
    } catch (IOException | NumberFormatException e) {
      synchronized (errors) {
        errors.append(e);
      }
    }
  }

  /** SIGKILL on Linux: no shutdown hooks, no flushing. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(20, TimeUnit.SECONDS);
    reader.join(5_000);
  }

  boolean awaitExit(long seconds) throws InterruptedException {
    boolean exited = process.waitFor(seconds, TimeUnit.SECONDS);
    reader.join(5_000);
    return exited;
  }

  int ackCount() {
    return acks.values().stream().mapToInt(List::size).sum();
  }
}
