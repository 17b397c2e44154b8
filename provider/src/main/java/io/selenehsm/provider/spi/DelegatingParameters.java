package io.selenehsm.provider.spi;

import java.io.IOException;
import java.security.AlgorithmParameters;
import java.security.AlgorithmParametersSpi;
import java.security.GeneralSecurityException;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.InvalidParameterSpecException;

/**
 * AlgorithmParameters Selene registers (GCM, OAEP, PSS, AES, DESede, EC) encoded by the JDK's own
 * implementation: the encodings are standard and the JDK's are correct, so Selene only makes them
 * reachable under its name.
 */
final class DelegatingParameters extends AlgorithmParametersSpi {
  private final AlgorithmParameters jdk;

  DelegatingParameters(String algorithm, String jdkProvider) throws GeneralSecurityException {
    this.jdk = AlgorithmParameters.getInstance(algorithm, jdkProvider);
  }

  @Override
  protected void engineInit(AlgorithmParameterSpec spec) throws InvalidParameterSpecException {
    jdk.init(spec);
  }

  @Override
  protected void engineInit(byte[] params) throws IOException {
    jdk.init(params);
  }

  @Override
  protected void engineInit(byte[] params, String format) throws IOException {
    jdk.init(params, format);
  }

  @Override
  protected <T extends AlgorithmParameterSpec> T engineGetParameterSpec(Class<T> spec)
      throws InvalidParameterSpecException {
    return jdk.getParameterSpec(spec);
  }

  @Override
  protected byte[] engineGetEncoded() throws IOException {
    return jdk.getEncoded();
  }

  @Override
  protected byte[] engineGetEncoded(String format) throws IOException {
    return jdk.getEncoded(format);
  }

  @Override
  protected String engineToString() {
    return jdk.toString();
  }
}
