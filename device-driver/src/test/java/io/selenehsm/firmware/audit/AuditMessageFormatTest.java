package io.selenehsm.firmware.audit;

import static io.selenehsm.firmware.audit.AuditTestSupport.SERIAL;
import static io.selenehsm.firmware.audit.AuditTestSupport.secret;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.time.FakeTime;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/**
 * Records are written in the vendor's "Audit Log Message Format": fixed-length lines whose fields
 * sit at the documented offsets, with the previous record's HMAC and the raw data in hex, so the
 * vendor's description of the format and of its HMAC chain applies to Selene's files.
 */
class AuditMessageFormatTest {
  private static final LogSecret SECRET = secret(7);

  private static List<AuditRecord> sealed(String... texts) throws HsmException {
    FakeTime clock = FakeTime.at("2013-12-08T15:30:50.250Z");
    AuditLog log = new AuditLog(SERIAL, SECRET, clock, 100);
    log.configure(AuditConfig.DEFAULT.withMask(EventMask.all()));
    for (String t : texts) {
      log.record(
          AuditEntry.of(AuditEvent.LOG_EXTERNAL_MESSAGE, Ckr.OK)
              .partition(3)
              .role(AuditRole.CRYPTO_OFFICER)
              .text(t)
              .build());
    }
    return log.bufferedRecords();
  }

  @Test
  void fieldsSitAtTheDocumentedOffsets() throws HsmException {
    List<AuditRecord> records = sealed("application started", "second");
    String line = records.get(0).toLine();
    assertEquals(447, line.length());
    assertEquals(448, (line + "\n").length(), "with its newline a record is 448 characters");
    assertEquals("         1", line.substring(0, 10), "sequence, 10 characters");
    assertEquals(',', line.charAt(10));
    assertEquals("12/08/13 15:30:50", line.substring(11, 28), "timestamp, 17 characters");
    assertEquals(',', line.charAt(28));
    String text = line.substring(29, 285);
    assertTrue(
        text.startsWith(
            SERIAL + " 3 0 external LOG_EXTERNAL_MESSAGE 0x00000000" + " application started"),
        text);
    assertEquals(',', line.charAt(285));
    assertEquals("0".repeat(64), line.substring(286, 350), "the first record follows zeros");
    assertEquals(',', line.charAt(350));
    assertEquals(96, line.substring(351).length(), "raw data, 48 bytes in hex");
  }

  @Test
  void eachRecordCarriesTheHmacOfRawDataAndPreviousHmacOfTheOneBefore() throws Exception {
    List<AuditRecord> records = sealed("one", "two", "three");
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.encoded(), "HmacSHA256"));
    for (int i = 0; i + 1 < records.size(); i++) {
      String line = records.get(i).toLine();
      byte[] raw = HexFormat.of().parseHex(line.substring(351));
      byte[] prev = HexFormat.of().parseHex(line.substring(286, 350));
      mac.update(raw);
      byte[] expected = mac.doFinal(prev);
      String next = records.get(i + 1).toLine();
      assertArrayEquals(
          expected,
          HexFormat.of().parseHex(next.substring(286, 350)),
          "HMAC(raw || previous HMAC) is the next record's previous HMAC");
      assertEquals(i + 1, ByteBuffer.wrap(raw).getLong(), "the raw data starts with the sequence");
    }
  }

  @Test
  void aParsedLineHasNoHmacOfItsOwn() throws HsmException {
    AuditRecord r = sealed("x").get(0);
    AuditRecord back = AuditRecord.parse(r.toLine());
    assertEquals(r, back);
    assertNull(back.hmac());
  }

  @Test
  void longTextsAreCutToTheFieldWhenSealed() throws HsmException {
    String longText = "\u00e9".repeat(300);
    AuditRecord r = sealed(longText).get(0);
    assertEquals(447, r.toLine().length());
    assertTrue(longText.startsWith(r.text()) && r.text().length() < longText.length());
    assertEquals(r.text(), AuditRecord.parse(r.toLine()).text());
  }

  @Property(tries = 200)
  void everyTextSurvivesTheFixedLengthLine(@ForAll @StringLength(max = 300) String text)
      throws HsmException {
    AuditRecord r = sealed(text).get(0);
    assertEquals(447, r.toLine().length());
    AuditRecord back = AuditRecord.parse(r.toLine());
    assertEquals(r.text(), back.text());
    assertTrue(text.startsWith(r.text()), "a cut text is a prefix of the original");
  }
}
