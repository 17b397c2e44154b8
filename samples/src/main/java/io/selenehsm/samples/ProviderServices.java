package io.selenehsm.samples;

import java.io.PrintStream;
import java.security.Provider;
import java.security.Security;
import java.util.Map;
import java.util.TreeMap;

/** Registers the provider with JCA, lists its services by type, and removes it again. */
public final class ProviderServices {
  private ProviderServices() {}

  public static void main(String[] args) throws Exception {
    try (SampleContext ctx = SampleContext.inMemory(System.out)) {
      run(System.out, ctx);
    }
  }

  @SuppressWarnings("ReferenceEquality") // this instance; Provider.equals compares property tables
  public static void run(PrintStream out, SampleContext ctx) {
    Provider selene = ctx.provider();
    int position = Security.addProvider(selene);
    out.println(
        "Security.addProvider placed "
            + selene.getName()
            + " at position "
            + position
            + " (-1 means it was already there)");
    try {
      Check.that(Security.getProvider("Selene") == selene, "the provider is found by name");
      Map<String, Integer> byType = new TreeMap<>();
      selene.getServices().forEach(s -> byType.merge(s.getType(), 1, Integer::sum));
      out.println(selene.getName() + " " + selene.getVersionStr() + ": " + selene.getInfo());
      byType.forEach((type, n) -> out.printf("  %-20s %3d services%n", type, n));
      Provider.Service sig = selene.getService("Signature", "SHA256withRSA");
      out.println(
          "Signature.SHA256withRSA is "
              + sig.getClassName()
              + ", SupportedKeyClasses "
              + sig.getAttribute("SupportedKeyClasses"));
      Check.that(
          byType.containsKey("KeyStore") && byType.containsKey("Cipher"),
          "KeyStore and Cipher services are offered");
    } finally {
      Security.removeProvider(selene.getName());
      out.println("Removed " + selene.getName() + " from the installed providers");
    }
  }
}
