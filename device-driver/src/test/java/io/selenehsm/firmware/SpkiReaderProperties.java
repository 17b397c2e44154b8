package io.selenehsm.firmware;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * The SubjectPublicKeyInfo walk that key generation uses instead of an ASN.1 parser: on real keys
 * it finds what Bouncy Castle's parser finds, its parts put back together give the input again, and
 * on any other bytes it answers null or parts that still re-encode to the input (never throws,
 * never reads past the end).
 */
class SpkiReaderProperties {

  @Provide
  Arbitrary<String> curves() {
    return Arbitraries.of(
        "EC:secp256r1", "EC:secp384r1", "EC:secp521r1", "Ed25519", "Ed448", "X25519", "X448");
  }

  private static byte[] spkiOf(String kind) throws Exception {
    if (kind.startsWith("EC:")) {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec(kind.substring(3)));
      return g.generateKeyPair().getPublic().getEncoded();
    }
    return KeyPairGenerator.getInstance(kind).generateKeyPair().getPublic().getEncoded();
  }

  @Property(tries = 60)
  void realKeysReadAsBouncyCastleReadsThem(@ForAll("curves") String kind) throws Exception {
    byte[] spki = spkiOf(kind);
    SpkiReader.Parts parts = SpkiReader.read(spki);
    assertNotNull(parts, kind);
    SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(spki);
    assertArrayEquals(info.getAlgorithm().getAlgorithm().getEncoded(), parts.oid());
    if (info.getAlgorithm().getParameters() == null) {
      assertNull(parts.parameters());
    } else {
      assertArrayEquals(
          info.getAlgorithm().getParameters().toASN1Primitive().getEncoded(), parts.parameters());
    }
    assertArrayEquals(info.getPublicKeyData().getBytes(), parts.keyBits());
    assertArrayEquals(spki, reassemble(parts));
  }

  @Property(tries = 300)
  void octetStringIsDer(@ForAll @IntRange(min = 0, max = 70_000) int length) throws Exception {
    byte[] content = new byte[length];
    for (int i = 0; i < length; i++) {
      content[i] = (byte) (i * 31 + 7);
    }
    assertArrayEquals(new DEROctetString(content).getEncoded(), SpkiReader.octetString(content));
  }

  /** Arbitrary bytes, and real SPKIs with a byte changed or cut: null, or parts that re-encode. */
  @Property(tries = 1000)
  void anyInputReadsBackOrIsRefused(
      @ForAll @Size(max = 200) byte[] noise,
      @ForAll("curves") String kind,
      @ForAll @IntRange(min = 0, max = 400) int at,
      @ForAll byte value,
      @ForAll boolean cut)
      throws Exception {
    check(noise);
    byte[] spki = spkiOf(kind);
    int i = at % spki.length;
    byte[] changed = cut ? java.util.Arrays.copyOf(spki, i) : spki.clone();
    if (!cut) {
      changed[i] = value;
    }
    check(changed);
  }

  private static void check(byte[] input) throws Exception {
    SpkiReader.Parts parts = SpkiReader.read(input);
    if (parts != null) {
      assertArrayEquals(input, reassemble(parts));
    }
  }

  /** SEQUENCE { SEQUENCE { oid [params] } BIT STRING { 0, key bits } } in DER. */
  private static byte[] reassemble(SpkiReader.Parts parts) throws Exception {
    ByteArrayOutputStream alg = new ByteArrayOutputStream();
    alg.write(parts.oid());
    if (parts.parameters() != null) {
      alg.write(parts.parameters());
    }
    ByteArrayOutputStream bits = new ByteArrayOutputStream();
    bits.write(0);
    bits.write(parts.keyBits());
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(tlv(0x30, alg.toByteArray()));
    body.write(tlv(0x03, bits.toByteArray()));
    return tlv(0x30, body.toByteArray());
  }

  private static byte[] tlv(int tag, byte[] content) {
    byte[] octet = SpkiReader.octetString(content); // DER length form, tag 0x04
    octet[0] = (byte) tag;
    return octet;
  }
}
