package io.selenehsm.firmware.role;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** HSM and partition labels follow the two character sets of the vendor's guide. */
class LabelRulesTest {

  @ParameterizedTest
  @ValueSource(strings = {"what?", "say \"hi\"", "\"", "?"})
  void partitionLabelsRefuseQuestionMarksAndDoubleQuotes(String label) {
    HsmException e =
        assertThrows(HsmException.class, () -> PasswordRules.checkPartitionLabel(label));
    assertEquals(Ckr.ARGUMENTS_BAD, e.returnCode());
    assertTrue(e.detail().contains("the partition label"), e.detail());
  }

  @ParameterizedTest
  @ValueSource(strings = {"what?", "say \"hi\"", "a\\b", "|/;:',.<>`~!@#$%^&*()-_+=[]{}"})
  void hsmLabelsTakeTheirOwnSet(String label) throws HsmException {
    assertEquals(label, PasswordRules.checkHsmLabel(label));
  }

  @Test
  void partitionLabelsTakeBackslashesAndTheGuidesPunctuation() throws HsmException {
    String label = "a\\b |/;:',.<>`~!@#$%^&*()-_+=";
    assertEquals(label, PasswordRules.checkPartitionLabel(label));
  }

  @Test
  void longLabelsAreTruncatedAndEmptyOnesRefused() throws HsmException {
    assertEquals("x".repeat(32), PasswordRules.checkPartitionLabel("x".repeat(40)));
    assertEquals("y".repeat(32), PasswordRules.checkHsmLabel("y".repeat(33)));
    assertEquals(
        Ckr.ARGUMENTS_BAD,
        assertThrows(HsmException.class, () -> PasswordRules.checkPartitionLabel("")).returnCode());
  }

  /** Every printable ASCII label is accepted unless it holds '?' or '"'. */
  @Property(tries = 300)
  void partitionLabelSetIsPrintableAsciiWithoutQuestionMarkAndQuote(
      @ForAll @StringLength(min = 1, max = 32) @CharRange(from = ' ', to = '~') String label) {
    boolean excluded = label.indexOf('?') >= 0 || label.indexOf('"') >= 0;
    try {
      assertEquals(label, PasswordRules.checkPartitionLabel(label));
      assertTrue(!excluded, label);
    } catch (HsmException e) {
      assertTrue(excluded, label + ": " + e.detail());
    }
  }
}
