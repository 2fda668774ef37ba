package dev.groundwork.trainer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The trainer sees the workbench only through the event contract and the preference policy. */
class ArchitectureTest {

    private static final JavaClasses TRAINER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.groundwork.trainer");

    @Test
    void trainer_uses_only_event_records_and_the_preference_policy_of_annotation() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "dev.groundwork.annotation.judgment..", "dev.groundwork.annotation.outbox..",
                        "dev.groundwork.annotation.assignment..", "dev.groundwork.annotation.agreement..",
                        "dev.groundwork.annotation.review..", "dev.groundwork.annotation.simulate..", "dev.groundwork.web..",
                        "dev.groundwork.critic..")
                .check(TRAINER);
    }

    @Test
    void trainer_uses_only_the_world_the_manifest_records_and_the_domain_enums_of_storage() {
        noClasses().should().dependOnClassesThat(DescribedPredicate.describe(
                        "storage classes other than the world, the manifest and the task type",
                        (JavaClass c) -> c.getPackageName().startsWith("dev.groundwork.storage")
                                && !c.getPackageName().equals("dev.groundwork.storage.world")
                                && !c.getName().startsWith("dev.groundwork.storage.dataset.Manifest")
                                && !c.getName().equals("dev.groundwork.storage.dataset.TaskType")))
                .check(TRAINER);
    }

    @Test
    void trainer_never_uses_vaadin_jpa_hibernate_flyway_or_spring() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("com.vaadin..", "jakarta.persistence..", "org.hibernate..",
                        "org.flywaydb..", "org.springframework..")
                .check(TRAINER);
    }

    @Test
    void feature_packages_have_no_cycles() {
        slices().matching("dev.groundwork.trainer.(*)..").should().beFreeOfCycles().check(TRAINER);
    }
}
