package io.selenehsm.device.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every class of error names the source and the line, and says what is wrong. */
class ClientConfigErrorsTest {

  private static ConfigException fails(String text) {
    return assertThrows(ConfigException.class, () -> ClientConfig.parse(text, "selene.conf"));
  }

  private static void assertError(String text, int line, String expectedProblem) {
    ConfigException e = fails(text);
    assertEquals("selene.conf", e.source());
    assertEquals(line, e.line(), e.getMessage());
    assertTrue(e.getMessage().startsWith("selene.conf line " + line + ": "), e.getMessage());
    assertTrue(
        e.problem().contains(expectedProblem),
        () -> "'" + e.problem() + "' lacks '" + expectedProblem + "'");
  }

  @Test
  void unknownKeyNamesKeyAndSection() {
    ConfigException e =
        fails("# header\n\nLuna = {\n  DefaultTimeOut = 1;\n  DefaultTimout = 2;\n}\n");
    assertEquals("selene.conf line 5: unknown key 'DefaultTimout' in section Luna", e.getMessage());
  }

  @Test
  void badValueNamesSectionKeyAndRule() {
    ConfigException e =
        fails("Presentation = {\n  ShowEmptySlots = no;\n  OneBaseSlotId = abc;\n}\n");
    assertEquals(
        "selene.conf line 3: bad value 'abc' for Presentation.OneBaseSlotId (expected 0 or 1)",
        e.getMessage());
  }

  @Test
  void unknownSection() {
    assertError(
        "Luna = {\n}\nLunaSA Server = {\n  ReceiveTimeout = 20000;\n}\n",
        3,
        "unknown section 'LunaSA Server'");
  }

  @Test
  void missingSemicolon() {
    assertError("Luna = {\n  DefaultTimeOut = 1;\n  KeypairGenTimeOut = 2\n}\n", 3, "missing ';'");
    assertError("Luna = {\n  DefaultTimeOut = 1 }\n", 2, "missing ';'");
    assertError("Luna = {\n  DefaultTimeOut = 1", 2, "missing ';'");
  }

  @Test
  void missingEquals() {
    assertError("Luna = {\n  DefaultTimeOut 1;\n}\n", 2, "expected 'Key = value;'");
    assertError("\nLuna {\n}\n", 2, "expected a section header");
  }

  @Test
  void unbalancedBraces() {
    assertError("Luna = {\n  DefaultTimeOut = 1;\n\n", 1, "never closed");
    assertError("Luna = {\n}\n}\n", 3, "unbalanced braces");
    assertError(
        "Luna = {\n  DefaultTimeOut = 1;\nMisc = {\n}\n}\n", 3, "opens inside section Luna");
    assertError("Luna = \n\n  DefaultTimeOut = 1;\n}\n", 3, "expected '{'");
    assertError("Luna = {\n  DefaultTimeOut = {1};\n}\n", 2, "unbalanced braces");
  }

  @Test
  void duplicates() {
    assertError(
        "Luna = {\n  DefaultTimeOut = 1;\n  defaulttimeout = 2;\n}\n",
        3,
        "duplicate key 'defaulttimeout' in section Luna (first set at line 2)");
    assertError(
        "Luna = {\n}\nSession = {\n}\nLUNA = {\n}\n",
        5,
        "duplicate section Luna (first opened at line 1)");
    assertError("Devices = {\n  Device00 = usb, 1;\n  device00 = usb, 2;\n}\n", 3, "duplicate key");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Luna = { DefaultTimeOut = 0; }                 | Luna.DefaultTimeOut is out of range",
        "Luna = { DefaultTimeOut = 99999999999999999999; } | out of range",
        "Luna = { DefaultTimeOut = -5; }                | out of range",
        "Luna = { DefaultTimeOut = 1.5; }               | bad value '1.5'",
        "Presentation = { OneBaseSlotId = 2; }          | Presentation.OneBaseSlotId is out of"
            + " range (expected 0 or 1)",
        "HAConfiguration = { AutoReconnectInterval = 59; } | out of range (expected seconds, 60 to"
            + " 1200)",
        "HAConfiguration = { reconnAtt = 501; }         | HAConfiguration.reconnAtt is out of"
            + " range",
        "HAConfiguration = { reconnAtt = -2; }          | out of range",
        "HAConfiguration = { statusTimeout = 61; }      | out of range",
        "HAConfiguration = { HALoadBalancing = random; } | expected one of pick_first, round_robin",
        "HAConfiguration = { haLogStatus = on; }        | bad value 'on'",
        "CardReader = { LunaG7Slots = 65; }             | out of range",
        "Misc = { FunctionBindLevel = 3; }              | out of range",
        "Session = { AutoCleanUpDisabled = maybe; }     | expected 0/1, true/false or yes/no",
        "Presentation = { ShowUserSlots = 1(12),,2(3); } | expected slot(serial)",
        "Presentation = { ShowUserSlots = 1(12),1(13); } | names slot 1 or serial 13 twice",
        "VirtualToken = { VirtualTokenActiveRecovery = passive; } | bad value 'passive'",
        "Luna = { DefaultTimeOut = ; }                  | missing value",
      })
  void badAndOutOfRangeValues(String text, String expected) {
    assertError(text, 1, expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Device00 = nvme, 1234567  | bad device kind 'nvme' for Devices.Device00 (expected usb,"
            + " pcie or backup)",
        "Device00 = usb, 12345678901 | bad serial '12345678901' for Devices.Device00 (expected 1 to"
            + " 10 digits)",
        "Device00 = usb, 12a4      | bad serial '12a4'",
        "Device00 = usb            | expected 'kind, serial",
        "Device00 = usb, 1, factory=new | bad factory state 'new'",
        "Device00 = usb, 1, colour=red | unknown attribute 'colour'",
        "Device00 = usb, 1, home=/a, home=/b | attribute 'home' given twice",
        "Device00 = usb, 1, loose  | expected 'kind, serial",
        "Device100 = usb, 1        | unknown key 'Device100' in section Devices",
      })
  void badDevices(String entry, String expected) {
    assertError("Devices = {\n  Device05 = pcie, 55;\n  " + entry + ";\n}\n", 3, expected);
  }

  @Test
  void reusedDeviceSerial() {
    assertError(
        "Devices = {\n  Device00 = usb, 1;\n  Device01 = pcie, 1;\n}\n",
        3,
        "serial 1 of Devices.Device01 is already used by Device00");
  }

  @Test
  void virtualTokenMemberMustBeADeclaredDevice() {
    String text =
        """
        Devices = {
          Device00 = usb, 1234567;
        }
        VirtualToken = {
          VirtualToken00Label = g;
          VirtualToken00SN = 11234567;
          VirtualToken00Members = 1234567,7654321;
        }
        """;
    assertError(
        text,
        7,
        "VirtualToken.VirtualToken00Members names serial '7654321', which no Devices entry"
            + " declares");
  }

  @Test
  void virtualTokenGroupsMustBeCompleteAndDistinct() {
    String devices = "Devices = {\n  Device00 = usb, 1;\n}\n";
    assertError(
        devices + "VirtualToken = {\n  VirtualToken03Label = g;\n  VirtualToken03Members = 1;\n}\n",
        5,
        "has no VirtualToken03SN");
    assertError(
        devices
            + "VirtualToken = {\n  VirtualToken00Label = g;\n  VirtualToken00SN = x1;\n"
            + "  VirtualToken00Members = 1;\n}\n",
        6,
        "bad value 'x1' for VirtualToken.VirtualToken00SN");
    assertError(
        devices
            + "VirtualToken = {\n  VirtualToken00Label = g;\n  VirtualToken00SN = 11;\n"
            + "  VirtualToken00Members = 1,1;\n}\n",
        7,
        "names serial 1 twice");
    assertError(
        devices
            + "VirtualToken = {\n  VirtualToken00Label = g;\n  VirtualToken00SN = 11;\n"
            + "  VirtualToken00Members = 1;\n  VirtualToken01Label = g;\n  VirtualToken01SN = 12;\n"
            + "  VirtualToken01Members = 1;\n}\n",
        8,
        "label 'g' is used by another VirtualToken group");
  }

  @Test
  void standbyMembersMustBeDeclaredGroupMembers() {
    String text =
        """
        Devices = {
          Device00 = usb, 1;
          Device01 = usb, 2;
        }
        VirtualToken = {
          VirtualToken00Label = g;
          VirtualToken00SN = 11;
          VirtualToken00Members = 1;
        }
        HAConfiguration = {
          haStandbyMembers = %s;
        }
        """;
    assertError(text.formatted("3"), 11, "names serial '3', which no Devices entry declares");
    assertError(text.formatted("2"), 11, "is not a member of any VirtualToken group");
  }

  @Test
  void controlCharacterInValue() {
    assertError("Misc = {\n  ToolsDir = /a\u0000b;\n}\n", 2, "control character U+0000");
  }
}
