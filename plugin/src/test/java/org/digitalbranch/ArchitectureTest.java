package org.digitalbranch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** DESIGN.md §2: only the web package touches the servlet API; domain code never calls web. */
@AnalyzeClasses(
    packages = "org.digitalbranch",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule onlyWebUsesTheServletApi =
      noClasses()
          .that()
          .resideInAPackage("org.digitalbranch..")
          .and()
          .resideOutsideOfPackages("org.digitalbranch.web..", "org.digitalbranch.descriptor..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("jakarta.servlet..");

  @ArchTest
  static final ArchRule domainCodeNeverDependsOnWeb =
      noClasses()
          .that()
          .resideInAnyPackage(
              "org.digitalbranch.queue..",
              "org.digitalbranch.publish..",
              "org.digitalbranch.platform..",
              "org.digitalbranch.archive..",
              "org.digitalbranch.store..",
              "org.digitalbranch.config..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.digitalbranch.web..");
}
