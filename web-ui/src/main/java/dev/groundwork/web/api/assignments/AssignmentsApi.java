package dev.groundwork.web.api.assignments;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.groundwork.annotation.assignment.AssignmentService;
import dev.groundwork.storage.judgment.Annotator;
import dev.groundwork.storage.judgment.AnnotatorRepository;
import dev.groundwork.web.api.ApiCaller;
import dev.groundwork.web.api.ApiPaths;
import dev.groundwork.web.api.BadRequestException;
import dev.groundwork.web.api.UnprocessableException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Gives a dataset's comparisons to annotators with overlap k, through the {@link AssignmentService} the Datasets view
 * uses: each comparison is topped up to k distinct annotators, the least loaded first, and what is assigned stays.
 */
@RestController
@RequestMapping(ApiPaths.V1 + "/datasets/{name}/assignments")
@Tag(name = "assignments", description = "Comparisons given to annotators")
public class AssignmentsApi {

    /** Whom to give which comparisons, with how many annotators per comparison. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Assign(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "user names, as the annotators sign in; "
                    + "each must have signed in once") Optional<List<String>> annotators,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "annotators per comparison")
                    Optional<Integer> overlapK,
            @Schema(description = "seed of the tie-breaks and left/right orders; 1 when not given") Optional<Long> seed,
            @Schema(description = "comparison ids of the dataset; all its comparisons when not given (those at k "
                    + "already are left as they are)") Optional<List<Long>> comparisons) {
        public Assign {
            annotators = Optional.ofNullable(annotators).flatMap(v -> v);
            overlapK = Optional.ofNullable(overlapK).flatMap(v -> v);
            seed = Optional.ofNullable(seed).flatMap(v -> v);
            comparisons = Optional.ofNullable(comparisons).flatMap(v -> v);
        }
    }

    /** What an assignment run did: the comparisons it looked at, assignments it created, annotators and k. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Assigned(String dataset, int comparisons, int created, int annotators, int overlapK, long seed) {}

    private final AssignmentService assignments;
    private final AnnotatorRepository annotators;

    public AssignmentsApi(AssignmentService assignments, AnnotatorRepository annotators) {
        this.assignments = assignments;
        this.annotators = annotators;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Assign a dataset's comparisons to annotators with overlap k")
    public Assigned assign(@PathVariable("name") String name, @RequestBody Assign body) {
        List<String> usernames = body.annotators().orElseThrow(() -> new BadRequestException("annotators", "is required"));
        int k = body.overlapK().orElseThrow(() -> new BadRequestException("overlap_k", "is required"));
        if (k < 1) {
            throw new BadRequestException("overlap_k", "must be at least 1, was " + k);
        }
        if (usernames.size() < k) {
            throw new UnprocessableException("overlap_k", "overlap k = " + k + " needs at least " + k
                    + " annotators, got " + usernames.size());
        }
        Set<String> seen = new HashSet<>();
        List<String> subjects = IntStream.range(0, usernames.size()).mapToObj(i -> {
            String username = usernames.get(i);
            if (username == null || !seen.add(username)) {
                throw new UnprocessableException("annotators[" + i + "]", username == null ? "must be a user name"
                        : "'" + username + "' is listed twice");
            }
            return annotators.findByUsername(username).map(Annotator::getSubject).orElseThrow(() -> new UnprocessableException(
                    "annotators[" + i + "]", "no annotator signs in as '" + username + "' (each must have signed in once)"));
        }).toList();
        long seed = body.seed().orElse(1L);
        AssignmentService.Report report;
        try {
            report = body.comparisons().isPresent()
                    ? assignments.assign(name, body.comparisons().get(), subjects, k, seed, ApiCaller.actor())
                    : assignments.assign(name, subjects, k, seed, ApiCaller.actor());
        } catch (IllegalArgumentException e) {
            throw new UnprocessableException(body.comparisons().isPresent() && e.getMessage().contains("comparisons")
                    ? "comparisons" : null, e.getMessage());
        }
        return new Assigned(name, report.comparisons(), report.created(), report.annotators(), report.overlapK(), seed);
    }
}
