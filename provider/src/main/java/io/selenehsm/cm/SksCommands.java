package io.selenehsm.cm;

import io.selenehsm.device.Slot;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.object.KeyTypes;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.sks.SksAuthorization;
import io.selenehsm.firmware.sks.SksExtractRequest;
import io.selenehsm.firmware.sks.SmkInfo;
import io.selenehsm.sks.BlobEntry;
import io.selenehsm.sks.BlobStore;
import io.selenehsm.sks.BlobStoreException;
import io.selenehsm.sks.BlobStores;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code sks} family: Scalable Key Storage in bulk on the current (V1) partition, with the
 * logged-in Crypto Officer or Crypto User. {@code extract} seals the partition's keys into a blob
 * store (the store the SKS KeyStore reads: a file or {@code jdbc:postgresql://...}); {@code insert}
 * brings a store's keys back into the partition as token objects.
 */
@Command(name = "sks", description = "Scalable Key Storage: bulk extract and insert.")
final class SksCommands extends Family {
  /** Entries written per durable store batch. */
  private static final int BATCH = 256;

  SksCommands(ShellContext ctx) {
    super(ctx);
  }

  @Command(name = "smkinfo", description = "Show the partition's SKS Master Key fingerprints.")
  void smkInfo() throws HsmException {
    Slot slot = ctx.partitionSlot();
    SmkInfo info = ctx.withSession(slot, s -> slot.smkInfo(s));
    ctx.out().println("SKS usable   : " + (info.usable() ? "yes (V1)" : "no (V0 partition)"));
    ctx.out().println("Primary SMK  : " + (info.primary() == null ? "none" : info.primary()));
    ctx.out().println("Rollover SMK : " + (info.rollover() == null ? "none" : info.rollover()));
    ctx.out()
        .println(
            "Legacy SMKs  : "
                + (info.legacy().isEmpty() ? "none" : String.join(", ", info.legacy())));
  }

  @Command(
      name = "extract",
      description =
          "Seal the partition's private and secret token keys"
              + " (one blob each) into a blob store, under their labels; certificates with the same"
              + " label travel as the chain.")
  void extract(
      @Option(names = "-store", required = true, paramLabel = "PATH|jdbc:postgresql://...")
          String location,
      @Option(names = "-label", paramLabel = "L", description = "only keys with this label")
          String label,
      @Option(names = "-delete", description = "destroy each key once its blob is stored")
          boolean delete)
      throws HsmException {
    Slot slot = requireLogin();
    List<Long> keys = ctx.withSession(slot, s -> tokenKeys(slot, s, label));
    try (BlobStore store = open(location)) {
      ProgressBar bar = new ProgressBar(ctx.out(), "Extracting", keys.size());
      Set<String> aliases = new HashSet<>();
      List<BlobEntry> batch = new ArrayList<>();
      List<Long> sealed = new ArrayList<>();
      int[] done = {0};
      ctx.withSession(
          slot,
          s -> {
            for (long h : keys) {
              batch.add(entry(slot, s, h, aliases, ctx.time().instant()));
              sealed.add(h);
              if (batch.size() == BATCH) {
                flush(slot, s, store, batch, sealed, delete, bar, done);
              }
            }
            flush(slot, s, store, batch, sealed, delete, bar, done);
            return null;
          });
      bar.finish();
      ctx.out()
          .println(
              "Extracted "
                  + done[0]
                  + " key(s) into "
                  + store.location()
                  + (delete ? "; they were deleted from the partition." : "."));
    } catch (BlobStoreException e) {
      throw new HsmException(Ckr.DEVICE_ERROR, e.getMessage());
    }
  }

  @Command(
      name = "insert",
      description =
          "Insert a blob store's keys into the partition as"
              + " token objects labelled with their aliases; keys already present are skipped.")
  void insert(
      @Option(names = "-store", required = true, paramLabel = "PATH|jdbc:postgresql://...")
          String location,
      @Option(names = "-alias", paramLabel = "A", description = "only this entry") String alias)
      throws HsmException {
    Slot slot = requireLogin();
    try (BlobStore store = open(location)) {
      long total = alias == null ? store.size() : 1;
      ProgressBar bar = new ProgressBar(ctx.out(), "Inserting", total);
      int[] counts = {0, 0};
      ctx.withSession(
          slot,
          s -> {
            if (alias != null) {
              BlobEntry e =
                  store
                      .get(alias)
                      .orElseThrow(
                          () ->
                              new HsmException(
                                  Ckr.ARGUMENTS_BAD,
                                  "no entry \"" + alias + "\" in " + store.location()));
              counts[insertOne(slot, s, e) ? 0 : 1]++;
              bar.step(1);
              return null;
            }
            String after = null;
            List<String> page;
            while (!(page = store.aliases(after, BATCH)).isEmpty()) {
              for (String a : page) {
                Optional<BlobEntry> e = store.get(a);
                if (e.isPresent()) {
                  counts[insertOne(slot, s, e.get()) ? 0 : 1]++;
                }
                bar.step(1);
              }
              after = page.get(page.size() - 1);
            }
            return null;
          });
      bar.finish();
      ctx.out()
          .println(
              "Inserted "
                  + counts[0]
                  + " key(s) from "
                  + store.location()
                  + " as token objects; "
                  + counts[1]
                  + " already present.");
    } catch (BlobStoreException e) {
      throw new HsmException(Ckr.DEVICE_ERROR, e.getMessage());
    }
  }

  // ---- helpers

  /** The partition slot, with a kept Crypto Officer or Crypto User login on it. */
  private Slot requireLogin() throws HsmException {
    Slot slot = ctx.partitionSlot();
    boolean crypto =
        ctx.login().filter(l -> l.slotId() == slot.slotId() && l.role().isCryptoRole()).isPresent();
    if (!crypto) {
      throw new HsmException(
          Ckr.USER_NOT_LOGGED_IN,
          "SKS commands need the Crypto Officer or"
              + " Crypto User logged in on slot "
              + slot.slotId()
              + "; use 'role login -name co'");
    }
    return slot;
  }

  private static BlobStore open(String location) throws HsmException {
    try {
      return BlobStores.open(location);
    } catch (BlobStoreException | IllegalArgumentException e) {
      throw new HsmException(
          Ckr.ARGUMENTS_BAD, "cannot open the blob store " + location + ": " + e.getMessage());
    }
  }

  private static List<Long> tokenKeys(Slot slot, long s, String label) throws HsmException {
    List<Long> keys = new ArrayList<>();
    for (long cls : new long[] {Cko.PRIVATE_KEY, Cko.SECRET_KEY}) {
      Attributes.Builder t = Attributes.builder().set(Cka.CLASS, cls).set(Cka.TOKEN, true);
      if (label != null) {
        t.set(Cka.LABEL, label);
      }
      keys.addAll(slot.findObjects(s, t.build()));
    }
    return keys;
  }

  /** A blob of one key, named by its label (or its OUID when the label is empty or taken). */
  private static BlobEntry entry(
      Slot slot, long s, long handle, Set<String> aliases, Instant created) throws HsmException {
    Attributes a = slot.getAttributes(s, handle);
    byte[] ouid = a.get(Cka.OUID);
    String label = a.string(Cka.LABEL);
    String alias =
        label == null
                || label.isEmpty()
                || label.length() > BlobEntry.MAX_ALIAS_LENGTH
                || label.chars().anyMatch(Character::isISOControl)
                || aliases.contains(label)
            ? "ouid-" + HexFormat.of().formatHex(ouid)
            : label;
    aliases.add(alias);
    List<byte[]> chain = label == null || label.isEmpty() ? List.of() : chain(slot, s, label);
    byte[] blob = slot.sksExtract(s, SksExtractRequest.of(handle));
    return new BlobEntry(alias, blob, chain, ouid, algorithm(a.ulong(Cka.KEY_TYPE, -1)), created);
  }

  /** Certificates labelled like the key, the token user's own (category 1) first. */
  private static List<byte[]> chain(Slot slot, long s, String label) throws HsmException {
    List<byte[]> leaf = new ArrayList<>();
    List<byte[]> rest = new ArrayList<>();
    for (long c :
        slot.findObjects(
            s,
            Attributes.builder().set(Cka.CLASS, Cko.CERTIFICATE).set(Cka.LABEL, label).build())) {
      Attributes a = slot.getAttributes(s, c);
      (a.ulong(Cka.CERTIFICATE_CATEGORY, 0) == 1 ? leaf : rest).add(a.get(Cka.VALUE));
    }
    leaf.addAll(rest);
    return leaf.size() > BlobEntry.MAX_CHAIN_LENGTH ? List.of() : leaf;
  }

  /** Writes a batch durably, then (with -delete) destroys its keys: never the other order. */
  private static void flush(
      Slot slot,
      long s,
      BlobStore store,
      List<BlobEntry> batch,
      List<Long> sealed,
      boolean delete,
      ProgressBar bar,
      int[] done)
      throws HsmException {
    if (batch.isEmpty()) {
      return;
    }
    store.putAll(batch);
    if (delete) {
      for (long h : sealed) {
        slot.destroyObject(s, h);
      }
    }
    done[0] += batch.size();
    bar.step(batch.size());
    batch.clear();
    sealed.clear();
  }

  /** Inserts one entry and keeps it as a token object; false when it is already present. */
  private static boolean insertOne(Slot slot, long s, BlobEntry e) throws HsmException {
    long[] handles;
    try {
      handles = slot.sksInsert(s, e.blob(), SksAuthorization.none());
    } catch (HsmException x) {
      if (x.returnCode() == Ckr.OBJECT_ALREADY_EXISTS) {
        return false;
      }
      throw new HsmException(x.returnCode(), "entry \"" + e.alias() + "\": " + x.getMessage());
    }
    for (long h : handles) {
      slot.copyObject(
          s, h, Attributes.builder().set(Cka.TOKEN, true).set(Cka.LABEL, e.alias()).build());
      slot.destroyObject(s, h);
    }
    return true;
  }

  /** The JCA algorithm an SKS entry records for a key type (generic secret when unnamed). */
  static String algorithm(long keyType) {
    String name = KeyTypes.algorithm(keyType);
    return name != null ? name : KeyTypes.GENERIC_SECRET;
  }
}
