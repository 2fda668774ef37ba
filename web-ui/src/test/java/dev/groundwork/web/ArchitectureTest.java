package dev.groundwork.web;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The workbench talks to the trainer and critic services by events and reads their results from its database: it
 * never uses their classes (its Maven dependency on the trainer is test-scoped, for build order and the loop tests
 * that start the trainer's jar).
 */
class ArchitectureTest {

    private static final JavaClasses WEB = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.groundwork.web");

    @Test
    void the_workbench_never_uses_trainer_or_critic_classes() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.groundwork.trainer..", "dev.groundwork.critic..")
                .check(WEB);
    }

    @Test
    void views_talk_to_services_not_to_the_trainer_s_libraries() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("ai.djl..").check(WEB);
    }
}
