package io.selenehsm.provider.process;

import io.selenehsm.provider.SeleneProvider;
import io.selenehsm.provider.SlotManager;
import io.selenehsm.provider.key.SeleneKey;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.Security;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;

/**
 * An application as Selene's users write one, run as a process by the tests: it registers the
 * default-configured provider (devices from SELENE_CONF / SELENE_HOME, attached to a server that
 * holds them), logs in through {@link SlotManager}, and then obeys commands on standard input:
 *
 * <ul>
 *   <li>{@code create N}: makes N AES token keys from several threads, labelled {@code
 *       <prefix><n>}, printing {@code ACK <label>} when a key's creation has returned and {@code
 *       CREATED <keys made so far>} after the last ({@code FAILED <label> <error>} for a key that
 *       was not made);
 *   <li>{@code list TAG}: prints {@code SEES TAG <alias>} for every token object the Selene
 *       KeyStore shows, then {@code END TAG};
 *   <li>{@code quit}: exits as applications do, without closing anything (status 1 if any key
 *       failed).
 * </ul>
 *
 * Arguments: the label prefix and the number of creating threads. It prints {@code ATTACHED
 * true|false} (whether its devices are reached through a server) once logged in.
 */
public final class KeyMakingApp {
  private KeyMakingApp() {}

  public static void main(String[] args) throws Exception {
    String prefix = args[0];
    int threads = Integer.parseInt(args[1]);
    SeleneProvider provider = new SeleneProvider();
    Security.addProvider(provider);
    SlotManager.getInstance().login(ProvisionedHome.PARTITION_LABEL, ProvisionedHome.CO_PIN);
    System.out.println("ATTACHED " + provider.deviceManager().isAttached());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicInteger next = new AtomicInteger();
    boolean failed = false;
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      String[] words = line.strip().split(" ");
      switch (words[0]) {
        case "create" -> failed |= !create(pool, prefix, next, Integer.parseInt(words[1]));
        case "list" -> list(words[1]);
        case "quit" -> {
          pool.shutdown();
          pool.awaitTermination(10, TimeUnit.SECONDS);
          System.out.flush();
          System.exit(failed ? 1 : 0);
        }
        default -> System.out.println("UNKNOWN " + line);
      }
    }
    System.exit(3); // standard input closed without quit
  }

  private static boolean create(ExecutorService pool, String prefix, AtomicInteger next, int count)
      throws Exception {
    List<Future<Boolean>> made = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String label = prefix + next.getAndIncrement();
      made.add(
          pool.submit(
              () -> {
                try {
                  KeyGenerator g = KeyGenerator.getInstance("AES", SeleneProvider.NAME);
                  g.init(256);
                  SecretKey key = g.generateKey();
                  ((SeleneKey) key).makePersistent(label);
                  System.out.println("ACK " + label);
                  return true;
                } catch (Exception | Error e) {
                  System.out.println("FAILED " + label + " " + e);
                  return false;
                }
              }));
    }
    boolean allMade = true;
    for (Future<Boolean> f : made) {
      allMade &= f.get(60, TimeUnit.SECONDS);
    }
    System.out.println("CREATED " + next.get());
    return allMade;
  }

  private static void list(String tag) throws Exception {
    KeyStore ks = KeyStore.getInstance("Selene", SeleneProvider.NAME);
    ks.load(null, null);
    for (String alias : Collections.list(ks.aliases())) {
      System.out.println("SEES " + tag + " " + alias);
    }
    System.out.println("END " + tag);
  }
}
