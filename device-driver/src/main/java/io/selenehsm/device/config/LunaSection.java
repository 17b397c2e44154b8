package io.selenehsm.device.config;

import java.time.Duration;

/**
 * Section {@code Luna}: how long the driver waits for each class of command before it declares the
 * device failed. Values in the file are milliseconds; defaults are the vendor's.
 *
 * @param defaultTimeout {@code DefaultTimeOut}: any command not in another class (500 s)
 * @param keypairGenTimeout {@code KeypairGenTimeOut}: key pair generation (2700 s)
 * @param cloningCommandTimeout {@code CloningCommandTimeout}: cloning commands (300 s)
 * @param commandTimeoutPedSet {@code CommandTimeoutPedSet}: commands that involve the PED (720 s)
 * @param domainParamTimeout {@code DomainParamTimeout}: domain parameter generation (5400 s)
 * @param pedTimeout1 {@code PEDTimeout1}: reaching the PED before a PED operation (100 s)
 * @param pedTimeout2 {@code PEDTimeout2}: a local PED answering a request (200 s)
 * @param pedTimeout3 {@code PEDTimeout3}: extra time for a remote PED (20 s)
 */
public record LunaSection(
    Duration defaultTimeout,
    Duration keypairGenTimeout,
    Duration cloningCommandTimeout,
    Duration commandTimeoutPedSet,
    Duration domainParamTimeout,
    Duration pedTimeout1,
    Duration pedTimeout2,
    Duration pedTimeout3) {

  static LunaSection read(SectionReader r) throws ConfigException {
    return new LunaSection(
        r.millis("DefaultTimeOut", 500_000),
        r.millis("KeypairGenTimeOut", 2_700_000),
        r.millis("CloningCommandTimeout", 300_000),
        r.millis("CommandTimeoutPedSet", 720_000),
        r.millis("DomainParamTimeout", 5_400_000),
        r.millis("PEDTimeout1", 100_000),
        r.millis("PEDTimeout2", 200_000),
        r.millis("PEDTimeout3", 20_000));
  }
}
