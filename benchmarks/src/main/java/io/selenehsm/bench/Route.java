package io.selenehsm.bench;

/** Where an operation runs: the Selene engine, a raw JCA provider, or a PKCS#11 token. */
enum Route {
  /** {@code io.selenehsm.firmware.Hsm.crypto()} single-part commands on key handles. */
  ENGINE("engine", false),
  /** The Selene JCA provider (io.selenehsm.provider.SeleneProvider) over the device driver. */
  PROVIDER("provider", false),
  /** The JDK's own providers: SunRsaSign, SunEC, SunJCE. */
  JDK("jdk", true),
  BC("bc", true),
  /** Amazon Corretto Crypto Provider (native, AWS-LC). */
  ACCP("accp", true),
  /** SunPKCS11 over a SoftHSM2 token set up by scripts/softhsm.sh. */
  SOFTHSM("softhsm", false),
  /** The Selene JCA provider over a device served by selene-server on its Unix socket. */
  SERVED_UNIX("served-unix", false),
  /** The Selene JCA provider over a device served by selene-server with mutual TLS on loopback. */
  SERVED_TLS("served-tls", false);

  final String id;

  /** A raw primitive: the bar the engine is held to (0.95x the fastest of them). */
  final boolean raw;

  Route(String id, boolean raw) {
    this.id = id;
    this.raw = raw;
  }

  /** The Selene JCA provider, over an in-process or a served device. */
  boolean isSeleneProvider() {
    return this == PROVIDER || isServed();
  }

  boolean isServed() {
    return this == SERVED_UNIX || this == SERVED_TLS;
  }

  static Route of(String id) {
    for (Route r : values()) {
      if (r.id.equals(id)) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown route " + id);
  }

  /** Creates the route's fixture for one row: keys made once per trial, shared by threads. */
  RouteFixture open(Row row) throws Exception {
    return this == ENGINE ? new EngineRoute(row) : new JcaRoute(this, row);
  }
}
