package io.selenehsm.sks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.Hsm;
import io.selenehsm.firmware.HsmModel;
import io.selenehsm.firmware.HsmOptions;
import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.firmware.sks.SksAuthorization;
import io.selenehsm.firmware.sks.SksExtractRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The path the SKS KeyStore takes, without the provider: keys extracted from a V1 partition into
 * the embedded store, then inserted on demand through the cache and used to sign.
 */
class SksStoreEndToEndTest {
  private static final char[] PW = "password1".toCharArray();

  @TempDir Path dir;

  @Test
  void keysLiveInTheStoreAndComeBackThroughTheCache() throws Exception {
    Hsm hsm = Hsm.open(HsmOptions.inMemory("9001", HsmModel.USB_HSM_7));
    long a = hsm.openSession(0, 1, true);
    hsm.initHsm(a, "hsm", PW, "domain", null);
    hsm.login(a, Role.HSM_SO, PW);
    hsm.createPartition(a, 1, 1);
    long s = hsm.openSession(1, 2, true);
    hsm.initPartition(s, "part", PW, "domain", null);
    hsm.login(s, Role.PARTITION_SO, PW);
    hsm.initRole(s, Role.CRYPTO_OFFICER, PW);
    hsm.logout(s);
    hsm.login(s, Role.CRYPTO_OFFICER, PW);
    hsm.changePin(s, PW, "password2".toCharArray());

    try (BlobStore store = EmbeddedBlobStore.open(dir.resolve("keys.mv"))) {
      for (int i = 0; i < 5; i++) {
        long[] pair =
            hsm.crypto()
                .generateKeyPair(
                    s,
                    Mechanism.of(Ckm.EC_KEY_PAIR_GEN),
                    Attributes.builder()
                        .set(Cka.EC_PARAMS, X9ObjectIdentifiers.prime256v1.getEncoded())
                        .build(),
                    Attributes.builder().set(Cka.SIGN, true).build());
        byte[] spki = hsm.getAttribute(s, pair[0], Cka.PUBLIC_KEY_INFO);
        byte[] ouid = hsm.getAttribute(s, pair[1], Cka.OUID);
        byte[] blob =
            hsm.sks()
                .extract(s, new SksExtractRequest(List.of(pair[1]), SksAuthorization.none(), true));
        hsm.destroyObject(s, pair[0]);
        store.put(new BlobEntry("key" + i, blob, List.of(spki), ouid, "EC", Instant.now()));
      }
      assertTrue(hsm.findObjects(s, Attributes.empty()).isEmpty(), "nothing left in the HSM");

      long session = s;
      try (InsertedKeyCache<String> cache =
          new InsertedKeyCache<>(
              () -> 2,
              alias ->
                  hsm.sks()
                      .insert(
                          session, store.get(alias).orElseThrow().blob(), SksAuthorization.none())[
                      0],
              (alias, handle) -> {
                try {
                  hsm.destroyObject(session, handle);
                } catch (HsmException e) {
                  throw new IllegalStateException(e);
                }
              })) {
        byte[] data = "payload".getBytes(StandardCharsets.UTF_8);
        for (int round = 0; round < 2; round++) {
          for (String alias : store.aliases()) {
            long h = cache.handle(alias);
            byte[] sig = hsm.crypto().sign(s, Mechanism.of(Ckm.ECDSA_SHA256), h, data);
            Signature v = Signature.getInstance("SHA256withECDSAinP1363Format");
            v.initVerify(
                KeyFactory.getInstance("EC")
                    .generatePublic(
                        new X509EncodedKeySpec(
                            store.get(alias).orElseThrow().certificateChain().get(0))));
            v.update(data);
            assertTrue(v.verify(sig), alias);
          }
        }
        assertEquals(
            2,
            hsm.findObjects(s, Attributes.empty()).size(),
            "the cache bound holds: evicted keys were destroyed in the partition");
      }
      assertTrue(hsm.findObjects(s, Attributes.empty()).isEmpty());
    }
  }
}
