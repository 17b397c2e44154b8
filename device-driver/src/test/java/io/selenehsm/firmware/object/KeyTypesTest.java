package io.selenehsm.firmware.object;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class KeyTypesTest {
  private static final long[] NAMED = {
    Ckk.RSA,
    Ckk.EC,
    Ckk.EC_EDWARDS,
    Ckk.EC_MONTGOMERY,
    Ckk.DSA,
    Ckk.ML_DSA,
    Ckk.ML_KEM,
    Ckk.AES,
    Ckk.DES3,
    Ckk.GENERIC_SECRET
  };

  @Test
  void everyNamedTypeMapsBackToItself() {
    for (long type : NAMED) {
      String name = KeyTypes.algorithm(type);
      assertEquals(type, KeyTypes.keyType(name), name);
      assertEquals(type, KeyTypes.keyType(name.toLowerCase(Locale.ROOT)), name);
    }
  }

  @Test
  void doubleLengthDesIsDesede() {
    assertEquals("DESede", KeyTypes.algorithm(Ckk.DES2));
  }

  @Test
  void aliasesAndParameterSetsNameTheirFamily() {
    assertEquals(Ckk.EC_EDWARDS, KeyTypes.keyType("Ed25519"));
    assertEquals(Ckk.EC_MONTGOMERY, KeyTypes.keyType("X448"));
    assertEquals(Ckk.ML_DSA, KeyTypes.keyType("ML-DSA-65"));
    assertEquals(Ckk.ML_KEM, KeyTypes.keyType("ML-KEM-768"));
    assertEquals(Ckk.GENERIC_SECRET, KeyTypes.keyType("HmacSHA256"));
    assertEquals(-1, KeyTypes.keyType("Blowfish"));
    assertEquals(-1, KeyTypes.keyType(null));
  }

  /** A name is only ever given for a type that maps back to the same family. */
  @Property
  void namesAreConsistentBothWays(@ForAll @LongRange(min = -1, max = 0x60) long type) {
    String name = KeyTypes.algorithm(type);
    if (name == null) {
      assertEquals(-1, indexOf(type));
      return;
    }
    long back = KeyTypes.keyType(name);
    assertEquals(type == Ckk.DES2 ? Ckk.DES3 : type, back, name);
  }

  @Test
  void unknownTypesHaveNoName() {
    assertNull(KeyTypes.algorithm(0x7fff_0000L));
  }

  private static int indexOf(long type) {
    for (int i = 0; i < NAMED.length; i++) {
      if (NAMED[i] == type) {
        return i;
      }
    }
    return -1;
  }
}
