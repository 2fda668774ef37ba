package dev.groundwork.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** Walks a cursor-paged list of the API to its end. */
final class Pages {

    /** A GET of a path under the test's server. */
    interface Get {
        HttpResponse<String> get(String path) throws Exception;
    }

    /** Every item and the number of pages it took. */
    record Walked(List<JsonNode> items, int pages) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private Pages() {}

    /** Follows {@code next_cursor} from {@code path} (which has a query already) until the last page. */
    static Walked walk(Get get, String path) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            HttpResponse<String> answer = get.get(path + (next == null ? "" : "&cursor=" + next));
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            JsonNode page = JSON.readTree(answer.body());
            assertThat(page.has("next_cursor")).isTrue();
            page.path("items").forEach(all::add);
            next = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
            pages++;
        } while (next != null);
        return new Walked(all, pages);
    }
}
