package io.selenehsm.sks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a real PostgreSQL once per test run with {@code scripts/postgres.sh} (which installs it if
 * needed and can) and stops it when the run ends. Tests skip, saying why, only when the script
 * reports that PostgreSQL cannot be installed on this machine (exit status 3).
 */
public final class PostgresExtension implements BeforeAllCallback {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(PostgresExtension.class);
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static volatile Server server;

  @Override
  public void beforeAll(ExtensionContext context) {
    Server s =
        context
            .getRoot()
            .getStore(NS)
            .getOrComputeIfAbsent("server", k -> Server.start(), Server.class);
    server = s;
    Assumptions.assumeTrue(s.url != null, () -> "PostgreSQL tests skipped: " + s.problem);
  }

  /** A new, empty database on the server: its JDBC URL. */
  static String freshDatabase() throws SQLException {
    String name = "sks_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    try (Connection c = DriverManager.getConnection(server.url);
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    }
    return server.url.replace("/postgres?", "/" + name + "?");
  }

  /** The running server; closed by JUnit when the run ends. */
  static final class Server implements ExtensionContext.Store.CloseableResource {
    final String url;
    final String dataDir;
    final String problem;

    private Server(String url, String dataDir, String problem) {
      this.url = url;
      this.dataDir = dataDir;
      this.problem = problem;
    }

    static Server start() {
      Path script = findScript();
      if (script == null) {
        throw new IllegalStateException(
            "scripts/postgres.sh not found above " + Path.of("").toAbsolutePath());
      }
      try {
        Path out = Files.createTempFile("selene-pg", ".out");
        Path err = Files.createTempFile("selene-pg", ".err");
        Process p =
            new ProcessBuilder("bash", script.toString(), "start")
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        // Installing with apt-get can take minutes the first time on a fresh machine.
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
          p.destroyForcibly();
          throw new IllegalStateException("scripts/postgres.sh start did not finish in 15 min");
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        if (p.exitValue() == 3) {
          return new Server(
              null,
              null,
              "PostgreSQL is not installed and cannot be installed" + " here: " + stderr.strip());
        }
        if (p.exitValue() != 0) {
          throw new IllegalStateException(
              "scripts/postgres.sh start failed (" + p.exitValue() + "): " + stderr);
        }
        String url = null;
        String data = null;
        for (String line : stdout.split("\n")) {
          if (line.startsWith("JDBC=")) {
            url = line.substring(5).strip();
          } else if (line.startsWith("PGDATA=")) {
            data = line.substring(7).strip();
          }
        }
        if (url == null || data == null) {
          throw new IllegalStateException("scripts/postgres.sh printed no JDBC URL: " + stdout);
        }
        return new Server(url, data, null);
      } catch (IOException e) {
        throw new IllegalStateException("cannot run scripts/postgres.sh: " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting PostgreSQL", e);
      }
    }

    @Override
    public void close() throws Exception {
      if (dataDir == null) {
        return;
      }
      Process p =
          new ProcessBuilder("bash", findScript().toString(), "stop", dataDir)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }

    private static Path findScript() {
      for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
        Path s = d.resolve("scripts/postgres.sh");
        if (Files.isRegularFile(s)) {
          return s;
        }
      }
      return null;
    }
  }
}
