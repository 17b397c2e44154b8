package io.selenehsm.sks;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where SKS blobs live outside the HSM, by alias. Every write is durable when the call returns;
 * implementations are safe for concurrent use by many threads (and, for shared stores, many
 * processes). A corrupt entry is never returned: reading one throws {@link BlobStoreException}. The
 * store knows nothing of HSMs or providers.
 */
public interface BlobStore extends AutoCloseable {

  /** Stores the entry, replacing any entry with its alias. */
  void put(BlobEntry entry);

  /** Stores the entry only if its alias is free; false (and nothing written) otherwise. */
  boolean putIfAbsent(BlobEntry entry);

  /** Stores many entries in one durable write (bulk extract); later ones win on equal aliases. */
  void putAll(Collection<BlobEntry> entries);

  Optional<BlobEntry> get(String alias);

  boolean contains(String alias);

  /** Deletes the entry; false when there was none. */
  boolean delete(String alias);

  /**
   * Renames an entry atomically (keytool -changealias): false when {@code from} is absent; {@link
   * BlobStoreException} when {@code to} is taken.
   */
  boolean rename(String from, String to);

  /** All aliases, sorted. */
  List<String> aliases();

  /** Up to {@code limit} aliases after {@code after} (exclusive; null = from the start), sorted. */
  List<String> aliases(String after, int limit);

  long size();

  /** Where the store is, for messages and the keystore descriptor. */
  String location();

  @Override
  void close();
}
