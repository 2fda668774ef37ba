package dev.groundwork.web.api.preferences;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundwork.annotation.export.TrlExporter;
import dev.groundwork.annotation.export.TrlStyle;
import dev.groundwork.annotation.preference.PreferencePolicy;
import dev.groundwork.storage.audit.AuditTrail;
import dev.groundwork.web.api.ApiCaller;
import dev.groundwork.web.api.ApiPaths;
import dev.groundwork.web.api.BadRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * A dataset's TRL preference rows as JSON Lines ({@value #NDJSON}), one row a line: the rows the TRL zip export
 * writes ({@link TrlExporter#rows}), the same policy, resolutions and corrections, but with each image as the absolute
 * URL of {@code GET /api/v1/images/{sha256}}, which the same bearer token fetches.
 */
@RestController
@RequestMapping(ApiPaths.V1 + "/datasets/{name}/preferences")
@Tag(name = "preferences", description = "Preference pairs for TRL's DPOTrainer")
public class PreferencesApi {

    public static final String NDJSON = "application/x-ndjson";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TrlExporter exporter;
    private final AuditTrail audit;

    public PreferencesApi(TrlExporter exporter, AuditTrail audit) {
        this.exporter = exporter;
        this.audit = audit;
    }

    /** The {@code trl_style} parameter as a style; another word is a 400 naming it. */
    public static TrlStyle style(String trlStyle) {
        return TrlStyle.of(trlStyle).orElseThrow(() -> new BadRequestException("trl_style",
                "'" + trlStyle + "' is not one of " + TrlStyle.labels()));
    }

    @GetMapping(produces = NDJSON)
    @Operation(summary = "Stream a dataset's preference pairs as TRL rows, one JSON object a line",
            responses = @ApiResponse(responseCode = "200", description = "prompt, chosen, rejected and images (URLs)",
                    content = @Content(mediaType = NDJSON, schema = @Schema(type = "string"))))
    public ResponseEntity<StreamingResponseBody> stream(@PathVariable("name") String name,
            @Parameter(description = "conversational (the default: TRL's VLM chat turns) or plain (strings)")
                    @RequestParam(name = "trl_style", defaultValue = "conversational") String trlStyle,
            @Parameter(description = "also pairs only a critic judged, as ./gw export --allow-critic")
                    @RequestParam(name = "allow_critic", defaultValue = "false") boolean allowCritic) {
        TrlStyle style = style(trlStyle);
        String images = ServletUriComponentsBuilder.fromCurrentContextPath().path(ApiPaths.V1 + "/images/")
                .build().toUriString();
        TrlExporter.Rows rows = exporter.rows(name, new PreferencePolicy(allowCritic), style,
                image -> images + image.getSha256());
        audit.record(ApiCaller.actor(), "dataset.preferences", name, rows.rows().size() + " pairs ("
                + style.label() + (allowCritic ? ", critic pairs allowed" : "") + ")");
        StreamingResponseBody body = out -> {
            for (TrlExporter.Row row : rows.rows()) {
                out.write(JSON.writeValueAsString(row.json()).getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
        };
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(NDJSON)).cacheControl(CacheControl.noStore())
                .body(body);
    }
}
