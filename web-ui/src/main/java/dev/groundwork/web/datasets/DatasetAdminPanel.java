package dev.groundwork.web.datasets;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import dev.groundwork.annotation.dataset.DatasetAdmin;
import dev.groundwork.storage.dataset.DatasetName;
import dev.groundwork.storage.dataset.DatasetNotFoundException;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Renaming and deleting the selected dataset. Both go through {@link DatasetAdmin} (one transaction, audited, an event
 * for the trainer); a deletion asks for confirmation first, naming what goes with the dataset.
 */
final class DatasetAdminPanel extends HorizontalLayout {

    private final DatasetAdmin admin;
    private final String actor;
    private final Supplier<Optional<String>> selected;
    private final Consumer<Optional<String>> changed;
    private final TextField newName = new TextField("New name");
    private final Span result = new Span();

    /**
     * @param selected the dataset shown
     * @param changed called after a change with the dataset to show next (the new name), or empty after a deletion
     */
    DatasetAdminPanel(DatasetAdmin admin, String actor, Supplier<Optional<String>> selected,
            Consumer<Optional<String>> changed) {
        this.admin = admin;
        this.actor = actor;
        this.selected = selected;
        this.changed = changed;
        setId("dataset-admin");
        setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        setWrap(true);

        newName.setId("rename-to");
        newName.setMaxLength(DatasetName.MAX_LENGTH);
        newName.setWidth("20em");
        newName.setValueChangeMode(ValueChangeMode.EAGER);
        newName.addValueChangeListener(e -> DatasetNameField.check(newName, false));
        Button rename = new Button("Rename", e -> rename());
        rename.setId("rename-dataset");
        Button delete = new Button("Delete dataset…", e -> confirmDelete());
        delete.setId("delete-dataset");
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
        result.setId("dataset-admin-result");
        add(newName, rename, delete, result);
    }

    /** Clears the field and the last outcome when another dataset is shown. */
    void reset() {
        newName.clear();
        newName.setInvalid(false);
        result.setText("");
    }

    private void rename() {
        Optional<String> from = selected.get();
        if (from.isEmpty() || !DatasetNameField.check(newName, true)) {
            return;
        }
        String to = newName.getValue().strip();
        try {
            admin.rename(from.get(), to, actor);
            newName.clear();
            changed.accept(Optional.of(to));
            DatasetsView.inlineOk(result, "Renamed '" + from.get() + "' to '" + to + "'");
        } catch (IllegalArgumentException | IllegalStateException | DatasetNotFoundException e) {
            DatasetsView.inlineError(result, e.getMessage());
        }
    }

    private void confirmDelete() {
        Optional<String> name = selected.get();
        if (name.isEmpty()) {
            return;
        }
        ConfirmDialog dialog = new ConfirmDialog();
        dialog.setId("confirm-delete");
        dialog.setHeader("Delete dataset '" + name.get() + "'?");
        dialog.setText("Its items, comparisons, assignments, judgments, resolutions and critic jobs are deleted with it,"
                + " and images no other dataset uses are removed. The trainer stops using its pairs. This cannot be"
                + " undone.");
        dialog.setCancelable(true);
        dialog.setConfirmText("Delete");
        dialog.setConfirmButtonTheme("error primary");
        dialog.addConfirmListener(e -> delete(name.get()));
        dialog.open();
    }

    private void delete(String name) {
        try {
            DatasetAdmin.Deletion d = admin.delete(name, actor);
            changed.accept(Optional.empty());
            // The panel goes with the dataset's detail, so the outcome is a notification.
            Notification.show("Deleted '" + name + "': " + d.items() + " items, " + d.comparisons() + " comparisons, "
                    + d.judgments() + " judgments; " + d.imagesRemoved() + " unused images removed", 6000,
                    Notification.Position.BOTTOM_START).addThemeVariants(NotificationVariant.LUMO_SUCCESS);
        } catch (DatasetNotFoundException e) {
            DatasetsView.inlineError(result, e.getMessage());
        }
    }
}
