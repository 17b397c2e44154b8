package io.selenehsm.sks;

/**
 * Child-JVM writer for the crash and multi-writer tests. Arguments: store location, writer id,
 * number of writes, size of the shared alias space, first sequence number. Each write goes to a
 * unique alias {@code w<id>-<seq>} and, every other time, to a shared alias {@code shared-<n>};
 * "ACK alias seq" is printed only after the store call returned.
 */
public final class StoreWriter {
  private StoreWriter() {}

  public static void main(String[] args) {
    String location = args[0];
    int writer = Integer.parseInt(args[1]);
    long count = Long.parseLong(args[2]);
    int shared = Integer.parseInt(args[3]);
    long first = Long.parseLong(args[4]);
    java.util.Random r = new java.util.Random(writer * 31L + first);
    try (BlobStore store = BlobStores.open(location)) {
      System.out.println("READY");
      System.out.flush();
      for (long seq = first; seq < first + count; seq++) {
        String unique = "w" + writer + "-" + seq;
        store.put(TestEntries.make(unique, writer, seq));
        ack(unique, seq);
        if (seq % 2 == 0) {
          String alias = "shared-" + r.nextInt(shared);
          store.put(TestEntries.make(alias, writer, seq));
          ack(alias, seq);
        }
      }
    }
    System.out.println("DONE");
    System.out.flush();
  }

  private static void ack(String alias, long seq) {
    System.out.println("ACK " + alias + " " + seq);
    System.out.flush();
  }
}
