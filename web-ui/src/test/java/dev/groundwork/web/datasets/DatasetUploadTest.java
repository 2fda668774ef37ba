package dev.groundwork.web.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.VaadinServletRequest;
import com.vaadin.flow.server.VaadinServletResponse;
import com.vaadin.flow.server.streams.UploadEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The upload size limit is enforced on the server while reading, and refused uploads leave nothing behind. */
class DatasetUploadTest {

    @TempDir Path tmp;

    /** What the handler reported. */
    static final class Outcomes implements DatasetUpload.Listener {
        final List<DatasetUpload.Staged> staged = new ArrayList<>();
        final List<String> refused = new ArrayList<>();

        @Override
        public void staged(UI ui, DatasetUpload.Staged upload) {
            staged.add(upload);
        }

        @Override
        public void refused(UI ui, String fileName, String reason) {
            refused.add(fileName + ": " + reason);
        }
    }

    private final Outcomes outcomes = new Outcomes();

    private DatasetUpload handler(long maxBytes) {
        return new DatasetUpload(maxBytes, outcomes, tmp);
    }

    private List<Path> leftovers() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.toList();
        }
    }

    @Test
    void a_file_within_the_limit_is_staged_under_its_cleaned_name_in_its_own_folder() throws IOException {
        byte[] content = new byte[1024];
        content[7] = 42;
        DatasetUpload.Staged staged = handler(1024).stage("../../my world.ZIP", new ByteArrayInputStream(content), -1);

        assertThat(staged.file().getFileName().toString()).isEqualTo("my world.zip");
        assertThat(staged.file().getParent()).isEqualTo(staged.directory());
        assertThat(staged.directory().getParent()).isEqualTo(tmp);
        assertThat(Files.readAllBytes(staged.file())).isEqualTo(content);
        assertThat(staged.bytes()).isEqualTo(1024);
        assertThat(staged.originalName()).isEqualTo("../../my world.ZIP");

        staged.delete();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void a_file_one_byte_over_the_limit_is_refused_while_reading_naming_the_limit_and_nothing_is_kept() throws IOException {
        assertThatThrownBy(() -> handler(2048).stage("big.zip", new ByteArrayInputStream(new byte[2049]), -1))
                .isInstanceOf(DatasetUpload.TooLargeException.class)
                .hasMessage("'big.zip' is larger than the upload limit of 2 KiB; nothing was imported");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void a_file_of_another_type_is_refused_for_its_type_not_its_size() {
        assertThat(DatasetUpload.typeProblem("notes.txt")).hasValue("'notes.txt' is not a dataset file: choose a .zip"
                + " (a dataset folder or POPE files with their images), a POPE .jsonl or a COCO .json");
        assertThat(DatasetUpload.typeProblem("photo.PNG")).get().asString().doesNotContain("limit", "large");
        assertThat(DatasetUpload.typeProblem("World.ZIP")).isEmpty();
        assertThat(DatasetUpload.typeProblem("pope.jsonl")).isEmpty();
        assertThat(DatasetUpload.typeProblem("instances_val.json")).isEmpty();
    }

    @Test
    void a_declared_size_over_the_limit_is_refused_before_reading() throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(new byte[10]);
        assertThatThrownBy(() -> handler(5).stage("x.jsonl", in, 6)).isInstanceOf(DatasetUpload.TooLargeException.class);
        assertThat(in.available()).isEqualTo(10);
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void an_upload_request_over_the_limit_answers_413_and_reports_the_refusal() throws IOException {
        MockHttpServletResponse response = uploadRequest(handler(100), "too-big.zip", new byte[101]);

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(outcomes.staged).isEmpty();
        assertThat(outcomes.refused).containsExactly("too-big.zip: 'too-big.zip' is larger than the upload limit of "
                + "100 bytes; nothing was imported");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void an_upload_request_within_the_limit_hands_the_staged_file_over_and_answers_200() throws IOException {
        MockHttpServletResponse response = uploadRequest(handler(100), "questions.jsonl", new byte[100]);

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(outcomes.refused).isEmpty();
        assertThat(outcomes.staged).singleElement().satisfies(s -> {
            assertThat(s.file().getFileName().toString()).isEqualTo("questions.jsonl");
            assertThat(Files.size(s.file())).isEqualTo(100);
        });
    }

    /** Runs the handler as Vaadin does for a request whose body is the file, then settles the status. */
    private static MockHttpServletResponse uploadRequest(DatasetUpload handler, String fileName, byte[] body)
            throws IOException {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/upload");
        request.setContent(body);
        request.setContentType("application/octet-stream");
        MockHttpServletResponse response = new MockHttpServletResponse();
        VaadinServletResponse vaadinResponse = new VaadinServletResponse(response, null);
        UI ui = new UI();
        UploadEvent event = new UploadEvent(new VaadinServletRequest(request, null), vaadinResponse, null, fileName,
                -1, "application/octet-stream", ui.getElement(), null, null);
        handler.handleUploadRequest(event);
        handler.responseHandled(true, vaadinResponse);
        return response;
    }

    @Test
    void client_file_names_lose_folders_and_odd_characters_and_keep_dataset_extensions() {
        assertThat(DatasetUpload.safeFileName("C:\\Users\\me\\pope_random.JSONL")).isEqualTo("pope_random.jsonl");
        assertThat(DatasetUpload.safeFileName("../.hidden.zip")).isEqualTo("hidden.zip");
        assertThat(DatasetUpload.safeFileName("a<b>|c?.json")).isEqualTo("a_b__c_.json");
        assertThat(DatasetUpload.safeFileName("")).isEqualTo("upload");
        assertThat(DatasetUpload.safeFileName("x".repeat(300) + ".zip")).hasSize(120).endsWith(".zip");
    }

    @Test
    void sizes_read_in_binary_units() {
        assertThat(DatasetUpload.size(536_870_912L)).isEqualTo("512 MiB");
        assertThat(DatasetUpload.size(1536L * 1024 * 1024)).isEqualTo("1.5 GiB");
        assertThat(DatasetUpload.size(900)).isEqualTo("900 bytes");
    }
}
