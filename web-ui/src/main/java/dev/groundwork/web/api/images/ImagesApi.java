package dev.groundwork.web.api.images;

import dev.groundwork.web.api.ApiPaths;
import dev.groundwork.web.api.BadRequestException;
import dev.groundwork.web.api.NotFoundException;
import dev.groundwork.web.images.ImageEndpoint;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A stored image by its SHA-256, the bytes and headers of the workbench's {@link ImageEndpoint}, errors as problems. */
@RestController
@Tag(name = "images", description = "Stored images, by content hash")
public class ImagesApi {

    private final ImageEndpoint images;

    public ImagesApi(ImageEndpoint images) {
        this.images = images;
    }

    @GetMapping(ApiPaths.V1 + "/images/{sha256}")
    @Operation(summary = "One stored image (PNG or JPEG), immutable",
            responses = @ApiResponse(responseCode = "200", description = "the image's bytes",
                    content = {@Content(mediaType = "image/png", schema = @Schema(type = "string", format = "binary")),
                            @Content(mediaType = "image/jpeg", schema = @Schema(type = "string", format = "binary"))}))
    public ResponseEntity<byte[]> image(@PathVariable("sha256") String sha256) {
        if (!ImageEndpoint.isSha256(sha256)) {
            throw new BadRequestException("sha256", "is not a SHA-256 in lower-case hex (64 characters 0-9a-f)");
        }
        ResponseEntity<byte[]> answer = images.image(sha256);
        if (answer.getStatusCode().value() == 404) {
            throw new NotFoundException("no image with SHA-256 " + sha256);
        }
        return answer;
    }
}
