package io.dashinsights;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The package layout the next engineer relies on (DESIGN.md "Layout"): packages by feature with no cycle
 * between them, a domain package the others depend on, pure analysis, and no benchmark code in the app.
 * Reads the compiled main classes only (target/classes), i.e. what ships.
 */
class ArchitectureTest {

    private static final JavaClasses APP = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.dashinsights");

    private static ArchRule noCycleBetweenPackagesOf(String root) {
        return slices().matching(root + ".(*)..").namingSlices("$1").should().beFreeOfCycles();
    }

    @Test
    void noCycleBetweenMainPackages() {
        noCycleBetweenPackagesOf("io.dashinsights").check(APP);
    }

    @Test
    void cycleRuleFailsOnACycle() {
        JavaClasses fixture = new ClassFileImporter().importPackages("io.dashinsights.archfixture");
        assertThatThrownBy(() -> noCycleBetweenPackagesOf("io.dashinsights.archfixture").check(fixture))
                .isInstanceOf(AssertionError.class).hasMessageContaining("left").hasMessageContaining("right");
    }

    @Test
    void domainDependsOnlyOnAnalysisAndLibraries() {
        classes().that().resideInAPackage("io.dashinsights.domain..")
                .should().onlyDependOnClassesThat().resideOutsideOfPackage("io.dashinsights..")
                .orShould().onlyDependOnClassesThat().resideInAnyPackage("io.dashinsights.domain..",
                        "io.dashinsights.analysis..", "java..", "com.fasterxml.jackson..", "io.quarkus.jackson..",
                        "jakarta.inject..")
                .check(APP);
    }

    /** Math libraries are fine; the framework, JSON and other app packages are not (unit-testable without Quarkus). */
    @Test
    void analysisIsFreeOfFrameworkAndAppImports() {
        noClasses().that().resideInAPackage("io.dashinsights.analysis..")
                .should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "jakarta..", "com.fasterxml..",
                        "dev.langchain4j..", "io.smallrye..", "io.vertx..", "org.jboss..")
                .orShould().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("io.dashinsights..")
                        .and(DescribedPredicate.not(JavaClass.Predicates.resideInAPackage("io.dashinsights.analysis.."))))
                .check(APP);
    }

    @Test
    void benchmarkCodeIsNotInTheApp() {
        noClasses().should().resideInAPackage("io.dashinsights.bench..").check(APP);
    }
}
