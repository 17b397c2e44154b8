package io.selenehsm.firmware.clone;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * What a cloning target tells a source before a clone: its serial, its device cloning public key,
 * and a tag over both keyed by its partition's cloning domain (empty for a Backup HSM, which holds
 * no domain). The source checks the tag with its own domain key, so a caller cannot redirect a
 * clone to a key of its choosing without the domain.
 *
 * <pre>magic "SCT1" | serial UTF | public key 32 | tag length u8 | tag</pre>
 */
public record CloningTarget(String serial, byte[] publicKey, byte[] domainTag) {
  private static final byte[] MAGIC = {'S', 'C', 'T', '1'};

  /** The tag a partition of {@code domain} puts on its device's key. */
  public static byte[] tag(DomainKey domain, String serial, byte[] publicKey) throws HsmException {
    return domain.mac(("target " + serial).getBytes(StandardCharsets.UTF_8), publicKey);
  }

  /** Whether the target's tag was made by a partition of {@code domain}. */
  public boolean isOfDomain(DomainKey domain) throws HsmException {
    return domainTag.length > 0
        && java.security.MessageDigest.isEqual(domainTag, tag(domain, serial, publicKey));
  }

  public byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(MAGIC);
      out.writeUTF(serial);
      out.write(publicKey);
      out.writeByte(domainTag.length);
      out.write(domainTag);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static CloningTarget decode(byte[] data) throws HsmException {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
      byte[] magic = new byte[MAGIC.length];
      in.readFully(magic);
      if (!java.util.Arrays.equals(magic, MAGIC)) {
        throw new IOException("bad magic");
      }
      String serial = in.readUTF();
      byte[] pub = new byte[DeviceKey.PUBLIC_BYTES];
      in.readFully(pub);
      byte[] tag = new byte[in.readUnsignedByte()];
      in.readFully(tag);
      if (in.available() != 0) {
        throw new IOException("trailing bytes");
      }
      return new CloningTarget(serial, pub, tag);
    } catch (IOException | NullPointerException e) {
      throw new HsmException(
          Ckr.ARGUMENTS_BAD,
          "not a cloning target descriptor ("
              + e.getMessage()
              + "); ask the target slot for cloningTarget first");
    }
  }
}
