package io.selenehsm.provider.arch;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The rule behind the sealed public API: a type a user can reach in an API package names, in its
 * public or protected signatures (supertypes, fields, parameters, results, generic arguments,
 * declared exceptions), no type of the project's non-API packages. Without a module-info in the
 * shaded jar, this check is what keeps internals out of the API.
 */
public final class ApiSurface {
  private final String projectPrefix;
  private final Set<String> apiPackages;
  private final Set<String> namable;
  private final Set<String> tolerated;

  /**
   * @param projectPrefix the project's package prefix ("io.selenehsm."): its types outside {@code
   *     apiPackages} and {@code otherModulesApi} are internals
   * @param apiPackages the packages checked: the module's API
   * @param otherModulesApi packages of modules below whose types the API may name
   */
  public ApiSurface(String projectPrefix, Set<String> apiPackages, Set<String> otherModulesApi) {
    this.projectPrefix = projectPrefix;
    this.apiPackages = Set.copyOf(apiPackages);
    Set<String> all = new LinkedHashSet<>(apiPackages);
    all.addAll(otherModulesApi);
    this.namable = Set.copyOf(all);
    this.tolerated = Set.of();
  }

  private ApiSurface(ApiSurface base, Set<String> tolerated) {
    this.projectPrefix = base.projectPrefix;
    this.apiPackages = base.apiPackages;
    this.namable = base.namable;
    this.tolerated = Set.copyOf(tolerated);
  }

  /** The same rule, letting the API name one more internal type (a known, documented exception). */
  public ApiSurface tolerating(String className) {
    Set<String> t = new LinkedHashSet<>(tolerated);
    t.add(className);
    return new ApiSurface(this, t);
  }

  /** True for the types a user of the API packages may see. */
  public boolean reachable(JavaClass c) {
    if (!apiPackages.contains(c.getPackageName())) {
      return false;
    }
    for (Optional<JavaClass> k = Optional.of(c); k.isPresent(); k = k.get().getEnclosingClass()) {
      Set<JavaModifier> m = k.get().getModifiers();
      boolean visible =
          m.contains(JavaModifier.PUBLIC)
              || m.contains(JavaModifier.PROTECTED) && k.get().getEnclosingClass().isPresent();
      if (!visible) {
        return false;
      }
    }
    return !c.isAnonymousClass() && !c.isLocalClass();
  }

  /** The condition: no internal type in a reachable type's public or protected signatures. */
  public ArchCondition<JavaClass> exposesNoInternalType() {
    return new ArchCondition<>("expose no type of a non-API package in a public signature") {
      @Override
      public void check(JavaClass c, ConditionEvents events) {
        if (!reachable(c)) {
          return;
        }
        Set<String> leaks = new LinkedHashSet<>();
        c.getRawSuperclass().ifPresent(s -> note(leaks, "extends", s));
        c.getInterfaces().forEach(i -> noteAll(leaks, "implements", i));
        for (JavaMember m : c.getMembers()) {
          if (!visibleToUsers(c, m)) {
            continue;
          }
          String where = m.getName().equals("<init>") ? "constructor" : m.getName();
          if (m instanceof JavaField f) {
            noteAll(leaks, "field " + where, f.getType());
          } else if (m instanceof JavaCodeUnit u) {
            noteAll(leaks, where + " returns", u.getReturnType());
            u.getParameterTypes().forEach(p -> noteAll(leaks, where + " takes", p));
            u.getThrowsClause().getTypes().forEach(t -> note(leaks, where + " throws", t));
          }
        }
        for (String leak : leaks) {
          events.add(SimpleConditionEvent.violated(c, c.getName() + ": " + leak));
        }
      }
    };
  }

  private static boolean visibleToUsers(JavaClass owner, JavaMember m) {
    Set<JavaModifier> mods = m.getModifiers();
    if (mods.contains(JavaModifier.SYNTHETIC) || mods.contains(JavaModifier.BRIDGE)) {
      return false;
    }
    if (mods.contains(JavaModifier.PUBLIC)) {
      return true;
    }
    // Protected members are API only where a user can subclass.
    return mods.contains(JavaModifier.PROTECTED)
        && !owner.getModifiers().contains(JavaModifier.FINAL);
  }

  private void noteAll(Set<String> leaks, String where, JavaType type) {
    type.getAllInvolvedRawTypes().forEach(t -> note(leaks, where, t));
  }

  private void note(Set<String> leaks, String where, JavaClass t) {
    JavaClass base = t.getBaseComponentType();
    if (base.getName().startsWith(projectPrefix)
        && !namable.contains(base.getPackageName())
        && !tolerated.contains(base.getName())) {
      leaks.add(where + " " + base.getName());
    }
  }
}
