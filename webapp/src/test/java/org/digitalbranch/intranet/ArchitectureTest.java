package org.digitalbranch.intranet;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

  /** Only the host's own compiled classes: what they depend on is read from their bytecode. */
  private final JavaClasses host =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importLocations(
              List.of(
                  Location.of(
                      IntranetServer.class.getProtectionDomain().getCodeSource().getLocation())));

  @Test
  void theHostKnowsPluginsOnlyThroughTheDescriptorContract() {
    noClasses()
        .that()
        .resideInAPackage("org.digitalbranch.intranet..")
        .should()
        .dependOnClassesThat(
            resideInAPackage("org.digitalbranch..")
                .and(
                    not(
                        resideInAnyPackage(
                            "org.digitalbranch.intranet..", "org.digitalbranch.descriptor.."))))
        .check(host);
  }
}
