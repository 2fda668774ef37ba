package dev.groundwork.web.api.agreement;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.groundwork.annotation.agreement.AgreementService;
import dev.groundwork.web.api.ApiPaths;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.OptionalDouble;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * How far a dataset's judges agree, as the Review view shows it ({@link AgreementService}): Krippendorff's alpha and
 * Fleiss' kappa over the people, Cohen's kappa per pair of people, and each critic against the people's majority.
 * A measure that cannot be computed (too few judgments) is null.
 */
@RestController
@Tag(name = "agreement", description = "Inter-annotator agreement per dataset")
public class AgreementApi {

    /** Two people's agreement over the comparisons both judged. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PairView(String judge1, String judge2, @Schema(nullable = true) Double kappa, int comparisons) {}

    /** A critic against the people's majority: decided comparisons, agreed ones, accuracy and Cohen's kappa. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CriticView(String critic, int decided, int agreed, @Schema(nullable = true) Double accuracy,
            @Schema(nullable = true) Double kappa) {}

    /** A dataset's agreement. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AgreementView(String dataset, int comparisons, int humanJudges,
            @Schema(nullable = true) Double krippendorffAlpha, @Schema(nullable = true) Double fleissKappa,
            int fleissComparisons, List<PairView> pairs, List<CriticView> critics) {}

    private final AgreementService agreement;

    public AgreementApi(AgreementService agreement) {
        this.agreement = agreement;
    }

    @GetMapping(ApiPaths.V1 + "/datasets/{name}/agreement")
    @Operation(summary = "A dataset's agreement among people and of each critic with them")
    public AgreementView get(@PathVariable("name") String name) {
        AgreementService.Report r = agreement.forDataset(name);
        List<PairView> pairs = r.pairs().stream()
                .map(p -> new PairView(p.judge1(), p.judge2(), value(p.kappa()), p.comparisons())).toList();
        List<CriticView> critics = agreement.criticSummary(name).stream()
                .map(c -> new CriticView(c.critic(), c.decided(), c.agreed(), value(c.accuracy()), value(c.kappa()))).toList();
        return new AgreementView(r.dataset(), r.comparisons(), r.humanJudges(), value(r.krippendorffAlpha()),
                value(r.fleissKappa()), r.fleissComparisons(), pairs, critics);
    }

    private static Double value(OptionalDouble d) {
        return d.isPresent() ? d.getAsDouble() : null;
    }
}
