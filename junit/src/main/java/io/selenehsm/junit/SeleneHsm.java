package io.selenehsm.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Gives a test class a ready emulated HSM: initialised, one application partition with its Crypto
 * Officer and Crypto User roles set up, a {@code SeleneProvider} logged in as Crypto Officer on
 * that partition and registered as {@code "Selene"} while the HSM lives (a provider of that name
 * registered before is put back afterwards).
 *
 * <pre>{@code
 * @SeleneHsm
 * class SigningTest {
 *   @Test
 *   void signs(SeleneProvider selene) throws Exception {
 *     KeyPairGenerator g = KeyPairGenerator.getInstance("EC", selene);
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>Test constructors and methods (and lifecycle methods) may declare parameters of type {@code
 * SeleneProvider}, {@code SlotManager} and {@link SeleneHsmAdmin}. Nothing is written outside a
 * temporary directory: the HSM is in memory unless {@link #storage()} asks for a temporary {@code
 * SELENE_HOME}, which is deleted afterwards.
 *
 * <p>The JCA provider list is global to the JVM, so classes using this annotation hold a resource
 * lock on it and never run in parallel with each other.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(SeleneHsmExtension.class)
@ResourceLock(SeleneHsm.PROVIDER_LOCK)
public @interface SeleneHsm {
  /** The resource lock name every {@code @SeleneHsm} class holds. */
  String PROVIDER_LOCK = "java.security.Security#Selene";

  /** The partition version (partition policy 41). */
  PartitionVersion version() default PartitionVersion.V1;

  /** Whether the HSM runs in FIPS mode (HSM policy 12 "Allow non-FIPS algorithms" off). */
  boolean fips() default false;

  /** One HSM for each test method (default), or one for the whole class. */
  Lifetime lifetime() default Lifetime.PER_METHOD;

  /** In memory (default), or durable state in a temporary {@code SELENE_HOME}. */
  Storage storage() default Storage.IN_MEMORY;

  /**
   * With 2 or more: that many devices, each with a partition, joined in an HA group that the
   * provider logs in on (the group's virtual slot is {@link SeleneHsmAdmin#slot()}). 0: one device
   * and no group.
   */
  int haMembers() default 0;

  /** The partition's label (every member of an HA group carries it too). */
  String partitionLabel() default "test-partition";

  /** Partition versions: V0 clones objects, V1 serves Scalable Key Storage with an SMK. */
  enum PartitionVersion {
    V0(0),
    V1(1);

    private final int number;

    PartitionVersion(int number) {
      this.number = number;
    }

    /** The version number the HSM uses. */
    public int number() {
      return number;
    }
  }

  /** How long one HSM lives. */
  enum Lifetime {
    PER_METHOD,
    PER_CLASS
  }

  /** Where the HSM keeps its state. */
  enum Storage {
    /** Nothing is written anywhere; a cheap password KDF keeps logins fast. */
    IN_MEMORY,
    /**
     * Durable device directories in a new temporary directory used as {@code SELENE_HOME} (with the
     * production KDF), deleted when the HSM is closed.
     */
    TEMPORARY_HOME
  }
}
