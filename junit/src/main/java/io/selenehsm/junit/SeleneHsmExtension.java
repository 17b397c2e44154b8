package io.selenehsm.junit;

import io.selenehsm.provider.SeleneProvider;
import io.selenehsm.provider.SlotManager;
import java.lang.reflect.Constructor;
import java.util.Optional;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The extension behind {@link SeleneHsm}: starts a fixture HSM per test method or per class, closes
 * it afterwards, and resolves {@code SeleneProvider}, {@code SlotManager} and {@link
 * SeleneHsmAdmin} parameters.
 *
 * <p>Design note. The extension keeps no state of its own; each HSM lives in the JUnit store of the
 * context it belongs to (the class context for {@code PER_CLASS}, the method context for {@code
 * PER_METHOD}) and is closed by the matching after-callback, so the provider is unregistered at a
 * known point rather than whenever the store is cleaned up. JUnit builds a per-method test instance
 * before its {@code beforeEach} callbacks run, so an HSM a constructor asks for under {@code
 * PER_METHOD} is started early, parked in the class store, and taken over by the next {@code
 * beforeEach}; a class with {@code @TestInstance(PER_CLASS)} cannot take a per-method HSM in its
 * constructor (there would be one instance for many HSMs), which is refused with a message.
 * Concurrency: the JCA provider list is global, so {@link SeleneHsm} carries a resource lock that
 * keeps such classes from running in parallel.
 */
public final class SeleneHsmExtension
    implements BeforeAllCallback,
        AfterAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SeleneHsmExtension.class);
  private static final String CURRENT = "hsm";
  private static final String PARKED = "hsm-for-the-next-test";

  /**
   * Where the defaults of an unconfigured {@code @ExtendWith(SeleneHsmExtension.class)} come from.
   */
  @SeleneHsm
  private static final class Defaults {}

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    HsmSettings settings = settings(context);
    if (settings.lifetime() == SeleneHsm.Lifetime.PER_CLASS) {
      context.getStore(NAMESPACE).put(CURRENT, EmulatedHsm.start(settings));
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    close(store.remove(PARKED, EmulatedHsm.class));
    close(store.remove(CURRENT, EmulatedHsm.class));
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    HsmSettings settings = settings(context);
    if (settings.lifetime() == SeleneHsm.Lifetime.PER_METHOD) {
      EmulatedHsm parked =
          classContext(context).getStore(NAMESPACE).remove(PARKED, EmulatedHsm.class);
      context
          .getStore(NAMESPACE)
          .put(CURRENT, parked != null ? parked : EmulatedHsm.start(settings));
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (settings(context).lifetime() == SeleneHsm.Lifetime.PER_METHOD) {
      close(context.getStore(NAMESPACE).remove(CURRENT, EmulatedHsm.class));
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == SeleneProvider.class
        || type == SlotManager.class
        || type == SeleneHsmAdmin.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    SeleneHsmAdmin admin = hsmFor(parameter, context).admin();
    Class<?> type = parameter.getParameter().getType();
    if (type == SeleneProvider.class) {
      return admin.provider();
    }
    if (type == SlotManager.class) {
      return admin.slotManager();
    }
    return admin;
  }

  private EmulatedHsm hsmFor(ParameterContext parameter, ExtensionContext context) {
    HsmSettings settings = settings(context);
    if (settings.lifetime() == SeleneHsm.Lifetime.PER_CLASS) {
      EmulatedHsm hsm = context.getStore(NAMESPACE).get(CURRENT, EmulatedHsm.class);
      if (hsm == null) {
        throw new ParameterResolutionException(
            "@SeleneHsm(lifetime = PER_CLASS): no HSM is"
                + " running for "
                + parameter.getDeclaringExecutable());
      }
      return hsm;
    }
    if (context.getTestMethod().isPresent()) {
      EmulatedHsm hsm = context.getStore(NAMESPACE).get(CURRENT, EmulatedHsm.class);
      if (hsm != null) {
        return hsm;
      }
    }
    if (!(parameter.getDeclaringExecutable() instanceof Constructor<?>)) {
      throw new ParameterResolutionException(
          "@SeleneHsm(lifetime = PER_METHOD) has no HSM"
              + " outside a test method; "
              + parameter.getDeclaringExecutable()
              + " needs lifetime = PER_CLASS");
    }
    if (context.getTestInstanceLifecycle().orElse(TestInstance.Lifecycle.PER_METHOD)
        == TestInstance.Lifecycle.PER_CLASS) {
      throw new ParameterResolutionException(
          "a @TestInstance(PER_CLASS) constructor cannot take a per-method HSM; use"
              + " @SeleneHsm(lifetime = PER_CLASS) or method parameters");
    }
    ExtensionContext.Store classStore = classContext(context).getStore(NAMESPACE);
    EmulatedHsm parked = classStore.get(PARKED, EmulatedHsm.class);
    if (parked == null) {
      try {
        parked = EmulatedHsm.start(settings);
      } catch (Exception e) {
        throw new ParameterResolutionException(
            "cannot start the fixture HSM: " + e.getMessage(), e);
      }
      classStore.put(PARKED, parked);
    }
    return parked;
  }

  /** The context of the test class itself (constructors may see a method's context). */
  private static ExtensionContext classContext(ExtensionContext context) {
    ExtensionContext c = context;
    while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
      c = c.getParent().get();
    }
    return c;
  }

  static HsmSettings settings(ExtensionContext context) {
    Class<?> type =
        context
            .getTestClass()
            .orElseThrow(
                () -> new ExtensionConfigurationException("@SeleneHsm needs a test class"));
    return HsmSettings.of(
        find(type).orElseGet(() -> Defaults.class.getAnnotation(SeleneHsm.class)));
  }

  /** The annotation on the class, its superclasses ({@code @Inherited}) or enclosing classes. */
  private static Optional<SeleneHsm> find(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
      SeleneHsm a = c.getAnnotation(SeleneHsm.class);
      if (a != null) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  private static void close(EmulatedHsm hsm) {
    if (hsm != null) {
      hsm.close();
    }
  }
}
