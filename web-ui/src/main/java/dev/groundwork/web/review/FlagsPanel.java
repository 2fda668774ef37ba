package dev.groundwork.web.review;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import dev.groundwork.annotation.flag.FlagService;
import dev.groundwork.annotation.flag.FlagService.Flag;
import dev.groundwork.web.security.PersonNames;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** Annotators' flags on items, newest first, for the reviewers: who flagged what and why. */
final class FlagsPanel extends VerticalLayout {

    static final int LIMIT = 500;
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final FlagService flags;
    private final ComboBox<String> dataset = new ComboBox<>("Dataset");
    private final Grid<Flag> grid = new Grid<>();

    FlagsPanel(FlagService flags, PersonNames names, List<String> datasetNames) {
        this.flags = flags;
        setId("flags");
        setPadding(false);
        setWidthFull();
        dataset.setItems(datasetNames);
        dataset.setClearButtonVisible(true);
        dataset.setPlaceholder("all datasets");
        dataset.addValueChangeListener(e -> refresh());
        Button reload = new Button("Refresh", e -> refresh());
        HorizontalLayout bar = new HorizontalLayout(dataset, reload);
        bar.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        grid.setId("flags-grid");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(f -> TIME.format(f.createdAt())).setHeader("Flagged (UTC)").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(Flag::comparisonId).setHeader("Comparison").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(Flag::dataset).setHeader("Dataset").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(Flag::itemId).setHeader("Item").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(f -> names.of(f.flaggedBy())).setHeader("By").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(Flag::comment).setHeader("Comment").setFlexGrow(1).setTooltipGenerator(Flag::comment);
        grid.setAllRowsVisible(false);
        grid.setHeight("24em");
        add(bar, grid);
    }

    void refresh() {
        grid.setItems(flags.newest(dataset.getOptionalValue().orElse(""), LIMIT));
    }
}
