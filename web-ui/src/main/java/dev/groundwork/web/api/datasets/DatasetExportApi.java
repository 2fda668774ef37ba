package dev.groundwork.web.api.datasets;

import dev.groundwork.storage.dataset.DatasetNotFoundException;
import dev.groundwork.storage.dataset.DatasetRepository;
import dev.groundwork.web.api.ApiCaller;
import dev.groundwork.web.api.ApiPaths;
import dev.groundwork.web.api.BadRequestException;
import dev.groundwork.web.api.preferences.PreferencesApi;
import dev.groundwork.web.datasets.DatasetExportEndpoint;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import org.springframework.core.io.Resource;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A dataset as a zip, the same one the admins' download ({@link DatasetExportEndpoint}) sends: {@code native} (the
 * manifest and images, importable again) or {@code trl} (preferences.jsonl and its images). Bad options are problems
 * naming the parameter.
 */
@RestController
@Tag(name = "datasets")
public class DatasetExportApi {

    private final DatasetExportEndpoint export;
    private final DatasetRepository datasets;

    public DatasetExportApi(DatasetExportEndpoint export, DatasetRepository datasets) {
        this.export = export;
        this.datasets = datasets;
    }

    @GetMapping(ApiPaths.V1 + "/datasets/{name}/export")
    @Operation(summary = "Download a dataset as a zip, native or TRL",
            responses = @ApiResponse(responseCode = "200", description = "the zip, with one top-level folder",
                    content = @Content(mediaType = "application/zip", schema = @Schema(type = "string", format = "binary"))))
    public ResponseEntity<Resource> export(@PathVariable("name") String name,
            @Parameter(description = "native (the default) or trl") @RequestParam(name = "format", defaultValue = "native")
                    String format,
            @Parameter(description = "trl: also pairs only a critic judged") @RequestParam(name = "allow_critic",
                    defaultValue = "false") boolean allowCritic,
            @Parameter(description = "trl: conversational (the default) or plain") @RequestParam(name = "trl_style",
                    defaultValue = "conversational") String trlStyle) throws IOException {
        if (!DatasetExportEndpoint.FORMATS.contains(format)) {
            throw new BadRequestException("format", "'" + format + "' is not one of "
                    + String.join(", ", DatasetExportEndpoint.FORMATS));
        }
        PreferencesApi.style(trlStyle);
        if (!datasets.existsByName(name)) {
            throw new DatasetNotFoundException(name);
        }
        String actor = ApiCaller.actor();
        return export.export(name, format, allowCritic, trlStyle, () -> actor);
    }
}
