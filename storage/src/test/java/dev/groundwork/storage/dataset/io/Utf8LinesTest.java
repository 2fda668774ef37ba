package dev.groundwork.storage.dataset.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.groundwork.storage.dataset.ImportException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Line-by-line strict UTF-8 reading gives what whole-file decoding gives, and names the line of bad bytes. */
class Utf8LinesTest {

    private static List<String> readAll(byte[] bytes, long max) {
        List<String> out = new ArrayList<>();
        try (Utf8Lines lines = new Utf8Lines("f.jsonl", new ByteArrayInputStream(bytes), max)) {
            for (String l = lines.next(); l != null; l = lines.next()) {
                out.add(l);
                assertThat(lines.lineNumber()).isEqualTo(out.size());
            }
        }
        return out;
    }

    @Test
    void splits_lf_and_crlf_drops_a_leading_bom_and_keeps_a_last_line_without_terminator() {
        byte[] bytes = "\uFEFFhead\r\nsecond\n\nfünf €\nlast".getBytes(StandardCharsets.UTF_8);
        assertThat(readAll(bytes, 1000)).containsExactly("head", "second", "", "fünf €", "last");
        assertThat(readAll(bytes, 1000)).isEqualTo(Utf8Text.lines("f.jsonl", bytes));
    }

    @Test
    void a_line_longer_than_the_read_buffer_comes_back_whole() {
        String longLine = "x".repeat(200_000) + "é";
        byte[] bytes = ("a\n" + longLine + "\nb\n").getBytes(StandardCharsets.UTF_8);
        assertThat(readAll(bytes, 1_000_000)).containsExactly("a", longLine, "b");
    }

    @Test
    void bytes_that_are_not_utf8_name_their_line_and_offset_in_the_file() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("{\"a\":1}\n".repeat(10_000).getBytes(StandardCharsets.UTF_8));
        int offset = out.size() + 3;
        out.writeBytes("bad".getBytes(StandardCharsets.UTF_8));
        out.write(0xE9);
        out.writeBytes("\n".getBytes(StandardCharsets.UTF_8));
        byte[] bytes = out.toByteArray();

        assertThatThrownBy(() -> readAll(bytes, 10_000_000)).isInstanceOf(ImportException.class)
                .hasMessageContaining("f.jsonl line 10001")
                .hasMessageContaining("(0xE9) at byte offset " + offset)
                .hasMessageContaining("UTF-8");
    }

    @Test
    void more_bytes_than_the_limit_refuse_the_file() {
        byte[] bytes = "0123456789\n".repeat(100).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> readAll(bytes, 500)).isInstanceOf(ImportException.class)
                .hasMessageContaining("over the limit of 500 bytes");
        assertThat(readAll(bytes, bytes.length)).hasSize(100);
    }

    @Test
    void the_digest_is_the_sha256_of_every_byte_read() throws Exception {
        byte[] bytes = "one\r\ntwo\nthree".getBytes(StandardCharsets.UTF_8);
        try (Utf8Lines lines = new Utf8Lines("f", new ByteArrayInputStream(bytes), 100)) {
            while (lines.next() != null) {
                // read to the end
            }
            assertThat(lines.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        }
    }
}
