package dev.groundwork.critic;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The critic is a service of its own: no Vaadin, no workbench code, and its feature packages form no cycle. */
class ArchitectureTest {

    private static final JavaClasses CRITIC = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.groundwork.critic");

    @Test
    void critic_never_uses_vaadin_or_the_web_application() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("com.vaadin..", "dev.groundwork.web..")
                .check(CRITIC);
    }

    @Test
    void backends_only_share_the_judge_package() {
        noClasses().that().resideInAPackage("dev.groundwork.critic.judge..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.groundwork.critic.claims..", "dev.groundwork.critic.openai..",
                        "dev.groundwork.critic.reward..")
                .check(CRITIC);
    }

    @Test
    void feature_packages_have_no_cycles() {
        slices().matching("dev.groundwork.critic.(*)..").should().beFreeOfCycles().check(CRITIC);
    }
}
