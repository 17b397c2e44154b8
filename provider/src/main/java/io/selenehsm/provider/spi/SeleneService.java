package io.selenehsm.provider.spi;

import io.selenehsm.provider.internal.SeleneContext;
import java.security.InvalidParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.HashMap;
import java.util.Map;

/**
 * A service whose {@link #newInstance} builds the SPI with the provider's context (the model is
 * SunPKCS11's P11Service), instead of reflection on a no-arg constructor.
 */
final class SeleneService extends Provider.Service {
  /** The key class JCA's delayed provider selection matches on. */
  static final String KEY_CLASSES = "io.selenehsm.provider.key.SeleneKey";

  private final SeleneContext context;
  private final SpiFactory factory;

  SeleneService(Provider provider, SeleneContext context, Descriptor d) {
    super(provider, d.type(), d.algorithm(), d.spiClass().getName(), d.aliases(), attributes(d));
    this.context = context;
    this.factory = d.factory();
  }

  private static Map<String, String> attributes(Descriptor d) {
    Map<String, String> a = new HashMap<>(d.attributes());
    if (d.takesKeys()) {
      a.put("SupportedKeyClasses", KEY_CLASSES);
    }
    return a;
  }

  @Override
  public Object newInstance(Object constructorParameter) throws NoSuchAlgorithmException {
    if (constructorParameter != null && !getType().equals("CertStore")) {
      throw new InvalidParameterException(
          "constructorParameter not used with " + getType() + " engines");
    }
    try {
      return factory.create(context);
    } catch (RuntimeException e) {
      throw (NoSuchAlgorithmException)
          new NoSuchAlgorithmException(
                  "cannot create "
                      + getType()
                      + "."
                      + getAlgorithm()
                      + " from provider Selene: "
                      + e.getMessage())
              .initCause(e);
    } catch (Exception e) {
      throw (NoSuchAlgorithmException)
          new NoSuchAlgorithmException(
                  "cannot create " + getType() + "." + getAlgorithm() + ": " + e.getMessage())
              .initCause(e);
    }
  }
}
