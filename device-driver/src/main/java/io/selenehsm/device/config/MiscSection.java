package io.selenehsm.device.config;

import java.time.Duration;
import java.util.Optional;

/**
 * Section {@code Misc}: library behaviour switches. Defaults are the vendor's; where the vendor
 * gives none the key is optional and absent means "not set".
 *
 * @param appId {@code AppId}: a fixed application id instead of a random one per start
 * @param copyRsaPublicValuesFromPrivateTemplate {@code CopyRSAPublicValuesFromPrivateTemplate}:
 *     take a missing RSA public exponent from the private template (default true; false is what
 *     PKCS#11 specifies)
 * @param eccPointEncodingStrategy {@code ECCPointEncodingStrategy}: 1 asks the HSM whether an EC
 *     point needs encoding, 2 always encodes it as a raw point (default 1)
 * @param functionBindLevel {@code FunctionBindLevel}: 0 fails when a function cannot be bound, 1
 *     warns, 2 stays silent (default 0)
 * @param hssKeyGenSignTimeout {@code HSSKeyGenSignTimeout} in milliseconds: limit for HSS key
 *     generation and signing (default: no limit)
 * @param masterKeyFile {@code MasterKeyFile}: Selene's own key: a file outside SELENE_HOME holding
 *     the master key the device KEKs are wrapped under (the environment variable {@code
 *     SELENE_MASTER_KEY_FILE} takes precedence); absent keeps each KEK in its state directory
 * @param loginAllowedOnFmEnabledHsms {@code LoginAllowedOnFMEnabledHSMs}: allow login on an HSM
 *     that runs functionality modules (default false)
 * @param mutexFolder {@code MutexFolder}: where lock files go instead of the default
 * @param pe1746Enabled {@code PE1746Enabled}: a Luna 6 co-processor switch, kept only so a vendor
 *     file is accepted (default true)
 * @param pluginModuleDir {@code PluginModuleDir}: the client plugin directory
 * @param protectedAuthenticationPathFlagStatus {@code ProtectedAuthenticationPathFlagStatus}: which
 *     role's challenge status is checked, 0 none, 1 Crypto Officer, 2 Crypto User (default 0)
 * @param toolsDir {@code ToolsDir}: the client tools directory
 * @param validateHost {@code ValidateHost}: check a server's name against its certificate (default
 *     false)
 * @param serveDevices {@code ServeDevices} (Selene's own): an application that opens its devices
 *     in-process also serves them on the Unix socket in each device's directory, as the device
 *     service would, so the admin shell and other processes of this host can attach to them while
 *     it runs (default false: the devices stay private to the process)
 */
public record MiscSection(
    Optional<String> appId,
    boolean copyRsaPublicValuesFromPrivateTemplate,
    int eccPointEncodingStrategy,
    int functionBindLevel,
    Optional<Duration> hssKeyGenSignTimeout,
    boolean loginAllowedOnFmEnabledHsms,
    Optional<String> masterKeyFile,
    Optional<String> mutexFolder,
    boolean pe1746Enabled,
    Optional<String> pluginModuleDir,
    int protectedAuthenticationPathFlagStatus,
    Optional<String> toolsDir,
    boolean validateHost,
    boolean serveDevices) {

  /** The settings with {@code ServeDevices} off, its default. */
  public MiscSection(
      Optional<String> appId,
      boolean copyRsaPublicValuesFromPrivateTemplate,
      int eccPointEncodingStrategy,
      int functionBindLevel,
      Optional<Duration> hssKeyGenSignTimeout,
      boolean loginAllowedOnFmEnabledHsms,
      Optional<String> masterKeyFile,
      Optional<String> mutexFolder,
      boolean pe1746Enabled,
      Optional<String> pluginModuleDir,
      int protectedAuthenticationPathFlagStatus,
      Optional<String> toolsDir,
      boolean validateHost) {
    this(
        appId,
        copyRsaPublicValuesFromPrivateTemplate,
        eccPointEncodingStrategy,
        functionBindLevel,
        hssKeyGenSignTimeout,
        loginAllowedOnFmEnabledHsms,
        masterKeyFile,
        mutexFolder,
        pe1746Enabled,
        pluginModuleDir,
        protectedAuthenticationPathFlagStatus,
        toolsDir,
        validateHost,
        false);
  }

  static MiscSection read(SectionReader r) throws ConfigException {
    return new MiscSection(
        r.string("AppId"),
        r.bool("CopyRSAPublicValuesFromPrivateTemplate", true),
        (int) r.number("ECCPointEncodingStrategy", 1, 1, 2, "expected 1 or 2"),
        (int) r.number("FunctionBindLevel", 0, 0, 2, "expected 0, 1 or 2"),
        r.optionalNumber(
                "HSSKeyGenSignTimeout",
                1,
                Integer.MAX_VALUE,
                "expected milliseconds, 1 to " + Integer.MAX_VALUE)
            .map(Duration::ofMillis),
        r.bool("LoginAllowedOnFMEnabledHSMs", false),
        r.string("MasterKeyFile"),
        r.string("MutexFolder"),
        r.bool("PE1746Enabled", true),
        r.string("PluginModuleDir"),
        (int) r.number("ProtectedAuthenticationPathFlagStatus", 0, 0, 2, "expected 0, 1 or 2"),
        r.string("ToolsDir"),
        r.bool("ValidateHost", false),
        r.bool("ServeDevices", false));
  }
}
