package dev.groundwork.storage;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Module boundaries of storage: no UI, no dependency on other modules, no cycles between features. */
class ArchitectureTest {

    private static final JavaClasses STORAGE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.groundwork.storage");

    @Test
    void storage_never_uses_ui_or_other_groundwork_modules() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "com.vaadin..", "dev.groundwork.annotation..", "dev.groundwork.critic..",
                        "dev.groundwork.trainer..", "dev.groundwork.web..")
                .check(STORAGE);
    }

    @Test
    void feature_packages_have_no_cycles() {
        slices().matching("dev.groundwork.storage.(*)..").should().beFreeOfCycles().check(STORAGE);
    }

}
