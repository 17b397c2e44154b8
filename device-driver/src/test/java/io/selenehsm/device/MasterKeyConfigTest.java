package io.selenehsm.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.store.MasterKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the master key comes from: SELENE_MASTER_KEY_FILE, else Misc MasterKeyFile, else none. */
class MasterKeyConfigTest {
  @TempDir Path tmp;

  private Path keyFile(String name) throws Exception {
    Path f = tmp.resolve(name);
    Files.write(f, new byte[40]);
    return f;
  }

  private static ClientConfig withMisc(Path key) throws Exception {
    return ClientConfig.parse("Misc = {\n  MasterKeyFile = " + key + ";\n}\n", "test.conf");
  }

  @Test
  void theEnvironmentVariableWinsOverTheConfigurationKey() throws Exception {
    Path fromEnv = keyFile("env.key");
    Path fromConf = keyFile("conf.key");
    MasterKey k =
        DeviceManager.masterKey(withMisc(fromConf), Map.of(MasterKey.ENV_VAR, fromEnv.toString()));
    assertEquals(fromEnv, k.source());
    assertEquals(fromConf, DeviceManager.masterKey(withMisc(fromConf), Map.of()).source());
    assertNull(
        DeviceManager.masterKey(ClientConfig.defaults(), Map.of()),
        "no master key: the KEK stays in the state directory");
  }

  @Test
  void devicesOpenedWithAMasterKeyKeepNoPlainKek() throws Exception {
    Path home = tmp.resolve("home");
    Path key = keyFile("m.key");
    try (DeviceManager m = DeviceManager.open(withMisc(key), home)) {
      assertTrue(m.devices().size() > 0);
    }
    try (Stream<Path> keks =
        Files.walk(home).filter(p -> p.getFileName().toString().equals("kek"))) {
      for (Path kek : (Iterable<Path>) keks::iterator) {
        assertTrue(Files.size(kek) > 32, kek + " holds the wrapped KEK");
      }
    }
    HsmException e =
        assertThrows(HsmException.class, () -> DeviceManager.open(ClientConfig.defaults(), home));
    assertTrue(e.getMessage().contains(MasterKey.ENV_VAR), e.getMessage());
  }
}
