package dev.groundwork.annotation;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Annotation depends on storage only; its event contract and policy stay free of the database. */
class ArchitectureTest {

    private static final JavaClasses ANNOTATION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.groundwork.annotation");

    @Test
    void annotation_never_uses_ui_trainer_or_critic() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "com.vaadin..", "dev.groundwork.trainer..", "dev.groundwork.critic..", "dev.groundwork.web..")
                .check(ANNOTATION);
    }

    @Test
    void events_preferences_and_agreement_statistics_are_pure() {
        noClasses().that().resideInAnyPackage("dev.groundwork.annotation.event..", "dev.groundwork.annotation.preference..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.groundwork.storage..", "jakarta.persistence..", "org.springframework..")
                .check(ANNOTATION);
    }

    @Test
    void feature_packages_have_no_cycles() {
        slices().matching("dev.groundwork.annotation.(*)..").should().beFreeOfCycles().check(ANNOTATION);
    }
}
