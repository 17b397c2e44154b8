package io.selenehsm.provider.internal;

/**
 * Attribute defaults for keys the provider creates from now on (SlotManager's
 * setSecretKeysExtractable and friends). Keys are non-extractable and non-derivable unless an
 * application asks otherwise.
 */
public final class KeyDefaults {
  private volatile boolean secretExtractable;
  private volatile boolean privateExtractable;
  private volatile boolean secretDerivable;

  public boolean secretExtractable() {
    return secretExtractable;
  }

  public void secretExtractable(boolean v) {
    secretExtractable = v;
  }

  public boolean privateExtractable() {
    return privateExtractable;
  }

  public void privateExtractable(boolean v) {
    privateExtractable = v;
  }

  public boolean secretDerivable() {
    return secretDerivable;
  }

  public void secretDerivable(boolean v) {
    secretDerivable = v;
  }
}
