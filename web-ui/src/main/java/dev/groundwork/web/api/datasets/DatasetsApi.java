package dev.groundwork.web.api.datasets;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.groundwork.storage.dataset.DatasetCatalog;
import dev.groundwork.storage.dataset.DatasetNotFoundException;
import dev.groundwork.storage.dataset.TaskType;
import dev.groundwork.web.api.ApiPaths;
import dev.groundwork.web.api.CursorPage;
import dev.groundwork.web.api.NotFoundException;
import dev.groundwork.web.api.PageLimits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The stored datasets and their items, read-only, through the catalogue the Datasets view uses. */
@RestController
@RequestMapping(ApiPaths.V1 + "/datasets")
@Tag(name = "datasets", description = "Datasets and their items")
public class DatasetsApi {

    /** A dataset with its counts. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DatasetView(String name, String sourceFormat, long items, long responses, long images, Instant createdAt) {
        static DatasetView of(DatasetCatalog.Entry e) {
            return new DatasetView(e.name(), e.sourceFormat(), e.items(), e.responses(), e.images(), e.createdAt());
        }
    }

    /** One item: its position in the dataset (its key in the API), what it asks about which image, and its answers. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ItemView(int position, String externalId, String imageSha256, TaskType taskType, String prompt,
            long responses) {
        static ItemView of(DatasetCatalog.ItemRow r) {
            return new ItemView(r.position(), r.externalId(), r.imageSha256(), r.taskType(), r.prompt(), r.responses());
        }
    }

    private final DatasetCatalog catalog;
    private final PageLimits limits;

    public DatasetsApi(DatasetCatalog catalog, PageLimits limits) {
        this.catalog = catalog;
        this.limits = limits;
    }

    @GetMapping
    @Operation(summary = "List the datasets, by name")
    public CursorPage<DatasetView> list(
            @Parameter(description = "next_cursor of the previous page") @RequestParam("cursor") Optional<String> cursor,
            @RequestParam(name = "limit", defaultValue = "" + PageLimits.DEFAULT) int limit) {
        int n = limits.of(limit);
        Optional<String> after = cursor.map(CursorPage::decode);
        List<DatasetView> fetched = catalog.list().stream()
                .filter(e -> after.map(a -> e.name().compareTo(a) > 0).orElse(true))
                .sorted(Comparator.comparing(DatasetCatalog.Entry::name))
                .limit(n + 1L)
                .map(DatasetView::of)
                .toList();
        return CursorPage.of(fetched, n, DatasetView::name);
    }

    @GetMapping("/{name}")
    @Operation(summary = "One dataset")
    public DatasetView get(@PathVariable("name") String name) {
        return catalog.find(name).map(DatasetView::of).orElseThrow(() -> new DatasetNotFoundException(name));
    }

    @GetMapping("/{name}/items")
    @Operation(summary = "List a dataset's items, in import order")
    public CursorPage<ItemView> items(@PathVariable("name") String name,
            @Parameter(description = "next_cursor of the previous page") @RequestParam("cursor") Optional<String> cursor,
            @RequestParam(name = "limit", defaultValue = "" + PageLimits.DEFAULT) int limit) {
        int n = limits.of(limit);
        int after = cursor.map(CursorPage::decodeInt).orElse(-1);
        List<ItemView> fetched = catalog.itemsAfter(name, after, n + 1).stream().map(ItemView::of).toList();
        return CursorPage.of(fetched, n, i -> Integer.toString(i.position()));
    }

    @GetMapping("/{name}/items/{position}")
    @Operation(summary = "One item of a dataset, by its position")
    public ItemView item(@PathVariable("name") String name, @PathVariable("position") int position) {
        return catalog.item(name, position).map(ItemView::of)
                .orElseThrow(() -> new NotFoundException("dataset '" + name + "' has no item at position " + position));
    }
}
