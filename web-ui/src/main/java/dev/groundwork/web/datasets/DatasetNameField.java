package dev.groundwork.web.datasets;

import com.vaadin.flow.component.textfield.TextField;
import dev.groundwork.storage.dataset.DatasetName;
import java.util.Optional;

/** Shows {@link DatasetName}'s rule on a name field as the user types, the same rule the import and rename apply. */
final class DatasetNameField {

    private DatasetNameField() {}

    /**
     * Marks the field invalid with the rule's reason, or valid.
     *
     * @param required whether an empty field is a problem (a rename) or means "use the name the dataset carries"
     * @return whether the field's value may be used
     */
    static boolean check(TextField field, boolean required) {
        String value = field.getValue().strip();
        Optional<String> problem = value.isEmpty() && !required ? Optional.empty() : DatasetName.problem(value);
        field.setInvalid(problem.isPresent());
        field.setErrorMessage(problem.orElse(null));
        return problem.isEmpty();
    }
}
