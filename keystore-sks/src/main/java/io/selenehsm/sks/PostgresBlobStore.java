package io.selenehsm.sks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A store shared by many application hosts: one PostgreSQL table behind a HikariCP pool. Each write
 * is one statement or one transaction, committed before the call returns (PostgreSQL's default
 * synchronous commit), so concurrent writers in any number of JVMs never lose an acknowledged
 * entry; upserts use {@code INSERT ... ON CONFLICT}. Every row carries a SHA-256 digest of its
 * canonical encoding, checked on read: a damaged row is reported, never returned.
 */
public final class PostgresBlobStore implements BlobStore {
  public static final int DEFAULT_POOL_SIZE = 8;
  static final String TABLE = "selene_sks_entries";
  private static final String COLUMNS =
      "alias, ouid, algorithm, created_millis, blob, chain," + " digest";
  private static final String UPSERT =
      "INSERT INTO "
          + TABLE
          + " ("
          + COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (alias) DO UPDATE SET ouid = EXCLUDED.ouid,"
          + " algorithm = EXCLUDED.algorithm, created_millis = EXCLUDED.created_millis,"
          + " blob = EXCLUDED.blob, chain = EXCLUDED.chain, digest = EXCLUDED.digest";
  private static final String INSERT_IF_ABSENT =
      "INSERT INTO "
          + TABLE
          + " ("
          + COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (alias) DO NOTHING";

  private final HikariDataSource pool;
  private final String url;

  private PostgresBlobStore(HikariDataSource pool, String url) {
    this.pool = pool;
    this.url = url;
  }

  /** Connects and creates the table if it does not exist (safe when many hosts start at once). */
  public static PostgresBlobStore open(String jdbcUrl, String user, String password, int poolSize) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(jdbcUrl);
    if (user != null) {
      c.setUsername(user);
    }
    if (password != null) {
      c.setPassword(password);
    }
    c.setMaximumPoolSize(Math.max(1, poolSize));
    c.setPoolName("selene-sks");
    c.setAutoCommit(true);
    c.setConnectionTimeout(10_000);
    // One connection attempt at open: a wrong URL or a down server is reported at once.
    c.setInitializationFailTimeout(1);
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(c);
    } catch (RuntimeException e) {
      throw new BlobStoreException(
          "cannot connect to the blob store " + redact(jdbcUrl) + ": " + e.getMessage(), e);
    }
    PostgresBlobStore store = new PostgresBlobStore(pool, redact(jdbcUrl));
    try {
      store.createTable();
    } catch (BlobStoreException e) {
      pool.close();
      throw e;
    }
    return store;
  }

  private void createTable() {
    transaction(
        con -> {
          try (Statement st = con.createStatement()) {
            // Concurrent CREATE TABLE IF NOT EXISTS can collide in the catalog; a lock orders them.
            st.execute("SELECT pg_advisory_xact_lock(7355608)");
            st.execute(
                "CREATE TABLE IF NOT EXISTS "
                    + TABLE
                    + " (alias TEXT PRIMARY KEY, ouid BYTEA NOT NULL, algorithm TEXT NOT NULL,"
                    + " created_millis BIGINT NOT NULL, blob BYTEA NOT NULL, chain BYTEA NOT NULL,"
                    + " digest BYTEA NOT NULL)");
          }
          return null;
        },
        "create the table");
  }

  @Override
  public void put(BlobEntry entry) {
    autocommit(
        con -> {
          try (PreparedStatement ps = con.prepareStatement(UPSERT)) {
            bind(ps, entry);
            ps.executeUpdate();
          }
          return null;
        },
        "store " + entry.alias());
  }

  @Override
  public boolean putIfAbsent(BlobEntry entry) {
    return autocommit(
        con -> {
          try (PreparedStatement ps = con.prepareStatement(INSERT_IF_ABSENT)) {
            bind(ps, entry);
            return ps.executeUpdate() == 1;
          }
        },
        "store " + entry.alias());
  }

  @Override
  public void putAll(Collection<BlobEntry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    transaction(
        con -> {
          try (PreparedStatement ps = con.prepareStatement(UPSERT)) {
            // Rows are locked in alias order so concurrent batches cannot deadlock each other.
            List<BlobEntry> sorted = new ArrayList<>(entries);
            sorted.sort((a, b) -> a.alias().compareTo(b.alias()));
            for (BlobEntry e : sorted) {
              bind(ps, e);
              ps.addBatch();
            }
            ps.executeBatch();
          }
          return null;
        },
        "store " + entries.size() + " entries");
  }

  private static void bind(PreparedStatement ps, BlobEntry e) throws SQLException {
    ps.setString(1, e.alias());
    ps.setBytes(2, e.ouid());
    ps.setString(3, e.algorithm());
    ps.setLong(4, e.created().toEpochMilli());
    ps.setBytes(5, e.blob());
    ps.setBytes(6, BlobEntryCodec.encodeChain(e.certificateChain()));
    ps.setBytes(7, digest(e));
  }

  private static byte[] digest(BlobEntry e) {
    byte[] record = BlobEntryCodec.encode(e);
    return BlobEntryCodec.sha256(record, record.length);
  }

  @Override
  public Optional<BlobEntry> get(String alias) {
    BlobEntry.checkAlias(alias);
    return autocommit(
        con -> {
          try (PreparedStatement ps =
              con.prepareStatement("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE alias = ?")) {
            ps.setString(1, alias);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(read(rs)) : Optional.<BlobEntry>empty();
            }
          }
        },
        "read " + alias);
  }

  private BlobEntry read(ResultSet rs) throws SQLException {
    String alias = rs.getString(1);
    String where = "entry " + alias + " in " + url;
    BlobEntry e;
    try {
      e =
          new BlobEntry(
              alias,
              rs.getBytes(5),
              BlobEntryCodec.decodeChain(rs.getBytes(6)),
              rs.getBytes(2),
              rs.getString(3),
              Instant.ofEpochMilli(rs.getLong(4)));
    } catch (IOException | IllegalArgumentException x) {
      throw new BlobStoreException(where + " is corrupt: " + x.getMessage(), x);
    }
    if (!MessageDigest.isEqual(digest(e), rs.getBytes(7))) {
      throw new BlobStoreException(where + " is corrupt: its SHA-256 digest does not match");
    }
    return e;
  }

  @Override
  public boolean contains(String alias) {
    BlobEntry.checkAlias(alias);
    return autocommit(
        con -> {
          try (PreparedStatement ps =
              con.prepareStatement("SELECT 1 FROM " + TABLE + " WHERE alias = ?")) {
            ps.setString(1, alias);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next();
            }
          }
        },
        "look up " + alias);
  }

  @Override
  public boolean delete(String alias) {
    BlobEntry.checkAlias(alias);
    return autocommit(
        con -> {
          try (PreparedStatement ps =
              con.prepareStatement("DELETE FROM " + TABLE + " WHERE alias = ?")) {
            ps.setString(1, alias);
            return ps.executeUpdate() == 1;
          }
        },
        "delete " + alias);
  }

  @Override
  public boolean rename(String from, String to) {
    BlobEntry.checkAlias(from);
    BlobEntry.checkAlias(to);
    return transaction(
        con -> {
          Optional<BlobEntry> current;
          try (PreparedStatement ps =
              con.prepareStatement(
                  "SELECT " + COLUMNS + " FROM " + TABLE + " WHERE alias = ? FOR UPDATE")) {
            ps.setString(1, from);
            try (ResultSet rs = ps.executeQuery()) {
              current = rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
          }
          if (current.isEmpty()) {
            return false;
          }
          if (from.equals(to)) {
            return true;
          }
          try (PreparedStatement ps = con.prepareStatement(INSERT_IF_ABSENT)) {
            bind(ps, current.get().withAlias(to));
            if (ps.executeUpdate() != 1) {
              throw new BlobStoreException(
                  "cannot rename "
                      + from
                      + " to "
                      + to
                      + " in "
                      + url
                      + ": an entry named "
                      + to
                      + " exists");
            }
          }
          try (PreparedStatement ps =
              con.prepareStatement("DELETE FROM " + TABLE + " WHERE alias = ?")) {
            ps.setString(1, from);
            ps.executeUpdate();
          }
          return true;
        },
        "rename " + from + " to " + to);
  }

  @Override
  public List<String> aliases() {
    return aliases(null, Integer.MAX_VALUE);
  }

  @Override
  public List<String> aliases(String after, int limit) {
    return autocommit(
        con -> {
          String sql =
              "SELECT alias FROM "
                  + TABLE
                  + (after == null ? "" : " WHERE alias COLLATE \"C\" > ?")
                  + " ORDER BY alias COLLATE \"C\""
                  + (limit == Integer.MAX_VALUE ? "" : " LIMIT ?");
          try (PreparedStatement ps = con.prepareStatement(sql)) {
            int i = 1;
            if (after != null) {
              ps.setString(i++, after);
            }
            if (limit != Integer.MAX_VALUE) {
              ps.setInt(i, limit);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(rs.getString(1));
              }
            }
            return out;
          }
        },
        "list aliases");
  }

  @Override
  public long size() {
    return autocommit(
        con -> {
          try (Statement st = con.createStatement();
              ResultSet rs = st.executeQuery("SELECT count(*) FROM " + TABLE)) {
            rs.next();
            return rs.getLong(1);
          }
        },
        "count entries");
  }

  @Override
  public String location() {
    return url;
  }

  @Override
  public void close() {
    pool.close();
  }

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection con) throws SQLException;
  }

  private <T> T autocommit(Work<T> work, String what) {
    try (Connection con = pool.getConnection()) {
      return work.run(con);
    } catch (SQLException e) {
      throw new BlobStoreException(
          "cannot " + what + " in the blob store " + url + ": " + e.getMessage(), e);
    }
  }

  /** One transaction; a serialization or deadlock failure is retried a few times. */
  private <T> T transaction(Work<T> work, String what) {
    SQLException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      try (Connection con = pool.getConnection()) {
        con.setAutoCommit(false);
        try {
          T result = work.run(con);
          con.commit();
          return result;
        } catch (SQLException | RuntimeException e) {
          con.rollback();
          throw e;
        } finally {
          con.setAutoCommit(true);
        }
      } catch (SQLException e) {
        last = e;
        String state = e.getSQLState();
        if (!"40001".equals(state) && !"40P01".equals(state) && !"23505".equals(state)) {
          break;
        }
      }
    }
    throw new BlobStoreException(
        "cannot "
            + what
            + " in the blob store "
            + url
            + ": "
            + (last == null ? "unknown error" : last.getMessage()),
        last);
  }

  /** The URL without a password parameter, for messages. */
  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&]*", "$1***");
  }
}
