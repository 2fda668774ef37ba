package dev.groundwork.web.api.comparisons;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.groundwork.annotation.assignment.ComparisonCatalog;
import dev.groundwork.annotation.assignment.ComparisonService;
import dev.groundwork.annotation.assignment.PairingMode;
import dev.groundwork.web.api.ApiCaller;
import dev.groundwork.web.api.ApiPaths;
import dev.groundwork.web.api.BadRequestException;
import dev.groundwork.web.api.CursorPage;
import dev.groundwork.web.api.PageLimits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Comparisons made from a dataset's answers, as the Datasets view makes them ({@link ComparisonService}): the pairing
 * mode chooses which answers of an item meet, the seed which of the two is shown on the left. Pairs that exist
 * already are skipped, so creating again adds only the pairs of answers pushed since.
 */
@RestController
@RequestMapping(ApiPaths.V1 + "/datasets/{name}/comparisons")
@Tag(name = "comparisons", description = "Pairs of an item's answers, to be judged")
public class ComparisonsApi {

    /** What to pair: {@code pairing_mode} as in the Datasets view, and the seed of the left/right order. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CreateComparisons(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "ALL_PAIRS: every pair of an item's "
                    + "answers; FIRST_VS_REST: the first answer against each other") Optional<PairingMode> pairingMode,
            @Schema(description = "seed of which answer is shown on the left; 1 when not given") Optional<Long> seed) {

        /** A member left out of the body is absent, whichever way Jackson hands it over. */
        public CreateComparisons {
            pairingMode = Optional.ofNullable(pairingMode).flatMap(m -> m);
            seed = Optional.ofNullable(seed).flatMap(s -> s);
        }
    }

    /** What a create did: how many comparisons are new. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CreatedComparisons(String dataset, PairingMode pairingMode, long seed, int created) {}

    /** One side of a comparison: the answer's id and position on its item, its model and checkpoint. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SideView(long responseId, int position, String model, Optional<String> checkpoint) {
        static SideView of(ComparisonCatalog.Side s) {
            return new SideView(s.responseId(), s.position(), s.model(), s.checkpoint());
        }
    }

    /** A comparison: its item, both answers, its current judgments (a correction counts once) and resolution. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ComparisonView(long id, int itemPosition, SideView answerA, SideView answerB, long judgments,
            boolean resolved, Instant createdAt) {
        static ComparisonView of(ComparisonCatalog.Row r) {
            return new ComparisonView(r.id(), r.itemPosition(), SideView.of(r.answerA()), SideView.of(r.answerB()),
                    r.judgments(), r.resolved(), r.createdAt());
        }
    }

    private final ComparisonService comparisons;
    private final ComparisonCatalog catalog;
    private final PageLimits limits;

    public ComparisonsApi(ComparisonService comparisons, ComparisonCatalog catalog, PageLimits limits) {
        this.comparisons = comparisons;
        this.catalog = catalog;
        this.limits = limits;
    }

    @GetMapping
    @Operation(summary = "List a dataset's comparisons by id, with their judgment counts")
    public CursorPage<ComparisonView> list(@PathVariable("name") String name,
            @Parameter(description = "true: only those with a current judgment or a resolution; false: only those "
                    + "with neither") @RequestParam("judged") Optional<Boolean> judged,
            @Parameter(description = "only those with this model's answer on either side") @RequestParam("model")
                    Optional<String> model,
            @Parameter(description = "next_cursor of the previous page") @RequestParam("cursor") Optional<String> cursor,
            @RequestParam(name = "limit", defaultValue = "" + PageLimits.DEFAULT) int limit) {
        int n = limits.of(limit);
        long after = cursor.map(CursorPage::decodeLong).orElse(0L);
        List<ComparisonView> fetched = catalog.after(name, after, new ComparisonCatalog.Filter(judged, model), n + 1)
                .stream().map(ComparisonView::of).toList();
        return CursorPage.of(fetched, n, c -> Long.toString(c.id()));
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create the comparisons of a dataset's answers that do not exist yet")
    public CreatedComparisons create(@PathVariable("name") String name, @RequestBody CreateComparisons request) {
        PairingMode mode = request.pairingMode().orElseThrow(() -> new BadRequestException("pairing_mode",
                "is required: one of " + Arrays.stream(PairingMode.values()).map(Enum::name).collect(Collectors.joining(", "))));
        long seed = request.seed().orElse(1L);
        int created = comparisons.createForDataset(name, mode, seed, ApiCaller.actor());
        return new CreatedComparisons(name, mode, seed, created);
    }
}
