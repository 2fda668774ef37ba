package dev.groundwork.trainer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import ai.djl.ndarray.NDArray;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * DJL rules for main code. On the PyTorch engine {@code NDArray.mul(Number)} and {@code div(Number)} wrap the number
 * in a tensor over JVM memory and close it right after the op; autograd keeps that tensor for backward (the
 * derivative of x·c is c), and once the GC frees the buffer the gradient is silently wrong. Multiply by a
 * torch-allocated scalar instead ({@code manager.full(new Shape(), v, dtype)}, or {@code duplicate()} of a created one).
 * {@code add}/{@code sub} with a number are safe: their backward needs no operand.
 */
class DjlRulesTest {

    private static final JavaClasses TRAINER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.groundwork.trainer");

    private static final String BECAUSE = "the PyTorch engine wraps the Number in JVM memory that autograd keeps for backward "
            + "but the GC may free; multiply by a torch-allocated scalar NDArray instead";

    @Test
    void main_code_never_multiplies_an_ndarray_by_a_java_number() {
        noClasses().should().callMethod(NDArray.class, "mul", Number.class).because(BECAUSE).check(TRAINER);
    }

    @Test
    void main_code_never_divides_an_ndarray_by_a_java_number() {
        noClasses().should().callMethod(NDArray.class, "div", Number.class).because(BECAUSE).check(TRAINER);
    }

    @Test
    void main_code_never_uses_other_number_operands_that_backward_keeps() {
        // pow/maximum/minimum keep their operand for backward too; the in-place forms share the wrapped scalar.
        noClasses().should().callMethod(NDArray.class, "pow", Number.class)
                .orShould().callMethod(NDArray.class, "maximum", Number.class)
                .orShould().callMethod(NDArray.class, "minimum", Number.class)
                .orShould().callMethod(NDArray.class, "muli", Number.class)
                .orShould().callMethod(NDArray.class, "divi", Number.class)
                .orShould().callMethod(NDArray.class, "powi", Number.class)
                .because(BECAUSE).check(TRAINER);
    }
}
