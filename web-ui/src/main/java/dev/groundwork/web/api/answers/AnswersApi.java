package dev.groundwork.web.api.answers;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.groundwork.storage.dataset.DatasetAnswers;
import dev.groundwork.web.api.ApiCaller;
import dev.groundwork.web.api.ApiPaths;
import dev.groundwork.web.api.BadRequestException;
import dev.groundwork.web.api.CursorPage;
import dev.groundwork.web.api.NotFoundException;
import dev.groundwork.web.api.PageLimits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
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
 * Answers a team's model pushes to a dataset's existing items ({@link DatasetAnswers}): all or none in one
 * transaction, each after the item's answers so far; listed per item.
 */
@RestController
@RequestMapping(ApiPaths.V1 + "/datasets/{name}")
@Tag(name = "answers", description = "Models' answers to a dataset's items")
public class AnswersApi {

    /** One answer: the item's position, the model and its checkpoint, the text, and an id of the team's own. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AnswerBody(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "the item's position") Optional<Integer> item,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Optional<String> model,
            Optional<String> checkpoint,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Optional<String> text,
            @Schema(description = "unique among the item's answers; <model>#<position> when not given")
                    Optional<String> externalId) {
        public AnswerBody {
            item = Optional.ofNullable(item).flatMap(v -> v);
            model = Optional.ofNullable(model).flatMap(v -> v);
            checkpoint = Optional.ofNullable(checkpoint).flatMap(v -> v);
            text = Optional.ofNullable(text).flatMap(v -> v);
            externalId = Optional.ofNullable(externalId).flatMap(v -> v);
        }
    }

    /** The answers to push. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PushAnswers(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) Optional<List<AnswerBody>> answers) {
        public PushAnswers {
            answers = Optional.ofNullable(answers).flatMap(v -> v);
        }
    }

    /** What was stored of one answer: its item, its position among the item's answers, its external id. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AddedView(int item, int position, String externalId) {}

    /** What a push stored, in the order of the request. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PushedAnswers(String dataset, List<AddedView> answers) {}

    /** One answer of an item. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AnswerView(int position, String externalId, String model, Optional<String> checkpoint, String text) {}

    private final DatasetAnswers answers;
    private final PageLimits limits;

    public AnswersApi(DatasetAnswers answers, PageLimits limits) {
        this.answers = answers;
        this.limits = limits;
    }

    @PostMapping("/answers")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Add a model's answers to existing items, all or none")
    public PushedAnswers push(@PathVariable("name") String name, @RequestBody PushAnswers body) {
        List<AnswerBody> given = body.answers().orElseThrow(() -> new BadRequestException("answers", "is required"));
        List<DatasetAnswers.NewAnswer> wanted = IntStream.range(0, given.size()).mapToObj(i -> {
            AnswerBody a = given.get(i);
            String at = "answers[" + i + "].";
            return new DatasetAnswers.NewAnswer(
                    a.item().orElseThrow(() -> new BadRequestException(at + "item", "is required")),
                    a.model().orElseThrow(() -> new BadRequestException(at + "model", "is required")),
                    a.checkpoint(),
                    a.text().orElseThrow(() -> new BadRequestException(at + "text", "is required")),
                    a.externalId());
        }).toList();
        List<AddedView> added = answers.add(name, wanted, ApiCaller.actor()).stream()
                .map(a -> new AddedView(a.item(), a.position(), a.externalId())).toList();
        return new PushedAnswers(name, added);
    }

    @GetMapping("/items/{position}/answers")
    @Operation(summary = "List an item's answers, by position")
    public CursorPage<AnswerView> list(@PathVariable("name") String name, @PathVariable("position") int position,
            @Parameter(description = "next_cursor of the previous page") @RequestParam("cursor") Optional<String> cursor,
            @RequestParam(name = "limit", defaultValue = "" + PageLimits.DEFAULT) int limit) {
        int n = limits.of(limit);
        int after = cursor.map(CursorPage::decodeInt).orElse(-1);
        List<AnswerView> fetched = answers.answers(name, position, after, n + 1)
                .orElseThrow(() -> new NotFoundException("dataset '" + name + "' has no item at position " + position))
                .stream().map(r -> new AnswerView(r.position(), r.externalId(), r.model(), Optional.ofNullable(r.checkpoint()),
                        r.text())).toList();
        return CursorPage.of(fetched, n, a -> Integer.toString(a.position()));
    }
}
