package dev.groundwork.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundwork.storage.judgment.Verdict;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A malformed JSON body is answered 400 problem+json naming the field in the request's own terms, with the reason in
 * plain words: Jackson's real exceptions from a real body, through the API's exception handler on Spring MVC's
 * dispatcher (the body shape is that of a batch of votes).
 */
class ApiErrorsTest {

    record Vote(String itemId, Verdict verdict, int rank) {}

    record Batch(List<Vote> items) {}

    /**
     * A controller of this test only: the profile, never active, keeps the application's component scan (the ITs start
     * the application with the test classes on the classpath) from serving it.
     */
    @RestController
    @Profile("ApiErrorsTest-only")
    static class Votes {
        @PostMapping("/api/v1/test-votes")
        int post(@RequestBody Batch batch) {
            return batch.items().size();
        }
    }

    private final ObjectMapper json = new ObjectMapper();
    private MockMvc mvc;

    @BeforeEach
    void mvc() {
        mvc = MockMvcBuilders.standaloneSetup(new Votes()).setControllerAdvice(new ApiExceptionHandler()).build();
    }

    private MockHttpServletResponse send(String body) throws Exception {
        return mvc.perform(post("/api/v1/test-votes").contentType(MediaType.APPLICATION_JSON).content(body))
                .andReturn().getResponse();
    }

    private JsonNode problem(MockHttpServletResponse response) throws Exception {
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        String body = response.getContentAsString();
        assertThat(body).doesNotContain("java.", "dev.groundwork", "com.fasterxml", "Exception");
        return json.readTree(body);
    }

    @Test
    void a_well_formed_body_is_accepted() throws Exception {
        assertThat(send("{\"items\":[{\"itemId\":\"a\",\"verdict\":\"A\",\"rank\":1}]}").getContentAsString()).isEqualTo("1");
    }

    @Test
    void an_unknown_verdict_names_its_field_with_its_index_and_the_allowed_values() throws Exception {
        JsonNode problem = problem(send("{\"items\":[{\"verdict\":\"A\"},{\"verdict\":\"B\"},{\"verdict\":\"maybe\"}]}"));
        assertThat(problem.path("field").asText()).isEqualTo("items[2].verdict");
        assertThat(problem.path("detail").asText()).isEqualTo("items[2].verdict: 'maybe' is not one of A, B, TIE, BOTH_BAD");
        assertThat(problem.path("status").asInt()).isEqualTo(400);
        assertThat(problem.path("title").asText()).isEqualTo("Bad Request");
    }

    @Test
    void a_number_where_a_list_belongs_names_the_field_and_the_kind_of_value() throws Exception {
        JsonNode problem = problem(send("{\"items\":5}"));
        assertThat(problem.path("field").asText()).isEqualTo("items");
        assertThat(problem.path("detail").asText()).isEqualTo("items: must be a list");
    }

    @Test
    void a_text_where_a_number_belongs_names_the_nested_field() throws Exception {
        JsonNode problem = problem(send("{\"items\":[{\"rank\":\"first\"}]}"));
        assertThat(problem.path("field").asText()).isEqualTo("items[0].rank");
        assertThat(problem.path("detail").asText()).isEqualTo("items[0].rank: 'first' is not a whole number");
    }

    @Test
    void a_body_that_is_not_json_says_where_it_breaks_and_names_no_field() throws Exception {
        JsonNode problem = problem(send("\n  votes: A"));
        assertThat(problem.has("field")).isFalse();
        assertThat(problem.path("detail").asText()).startsWith("the body is not valid JSON (line 2, column");
    }

    @Test
    void a_syntax_error_inside_a_list_names_the_element_and_where_it_breaks() throws Exception {
        JsonNode problem = problem(send("{\"items\": [\n  {\"verdict\": A}]}"));
        assertThat(problem.path("field").asText()).isEqualTo("items[0]");
        assertThat(problem.path("detail").asText()).startsWith("items[0]: is not valid JSON (line 2, column");
    }

    @Test
    void no_body_at_all_asks_for_one() throws Exception {
        JsonNode problem = problem(send(""));
        assertThat(problem.path("detail").asText()).isEqualTo("the request needs a JSON body");
    }
}
