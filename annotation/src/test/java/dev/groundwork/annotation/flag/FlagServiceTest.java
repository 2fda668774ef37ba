package dev.groundwork.annotation.flag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.groundwork.annotation.TestAnnotationApplication;
import dev.groundwork.annotation.support.JudgedDataset;
import dev.groundwork.storage.judgment.ItemFlag;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** Annotators' flags: stored with an audit entry, listed for reviewers, the assignment left open. */
@SpringBootTest(classes = TestAnnotationApplication.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FlagServiceTest {

    @Autowired ApplicationContext context;
    @Autowired FlagService flags;
    @Autowired JdbcTemplate jdbc;
    @TempDir static Path tmp;

    private JudgedDataset data;

    @BeforeAll
    void seed() throws Exception {
        data = JudgedDataset.create(JudgedDataset.Services.of(context), tmp.resolve("w"), "flag-world", 4, List.of("fl-1", "fl-2"));
    }

    @Test
    void a_flag_is_stored_audited_and_listed_newest_first_and_leaves_the_assignment_open() {
        long first = data.comparison(0);
        long second = data.comparison(1);
        FlagService.Flag a = flags.flag(first, "fl-1", "  image unclear ");
        FlagService.Flag b = flags.flag(second, "fl-2", "both answers identical");
        assertThat(a.comment()).isEqualTo("image unclear");
        assertThat(a).extracting(FlagService.Flag::comparisonId, FlagService.Flag::dataset, FlagService.Flag::flaggedBy)
                .containsExactly(first, "flag-world", "fl-1");
        assertThat(flags.newest("flag-world", 10)).extracting(FlagService.Flag::id).containsExactly(b.id(), a.id());
        assertThat(flags.newest("flag-world", 1)).extracting(FlagService.Flag::id).containsExactly(b.id());
        assertThat(flags.newest("no-such-dataset", 10)).isEmpty();
        assertThat(flags.newest("", 100)).extracting(FlagService.Flag::id).contains(a.id(), b.id());
        assertThat(jdbc.queryForObject("select count(*) from audit_log where action = 'item.flag' and actor = 'fl-1' and target = ?"
                + " and detail = 'image unclear'", Long.class, "comparison " + first)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from assignment where comparison_id = ? and completed_at is null",
                Long.class, first)).as("still open for both annotators").isEqualTo(2);
    }

    @Test
    void an_empty_or_too_long_comment_or_an_unknown_item_is_refused_and_nothing_is_written() {
        long before = jdbc.queryForObject("select count(*) from item_flag", Long.class);
        long id = data.comparison(2);
        assertThatThrownBy(() -> flags.flag(id, "fl-1", "   ")).hasMessage("say what is wrong with the item: the comment is empty");
        assertThatThrownBy(() -> flags.flag(id, "fl-1", "x".repeat(ItemFlag.MAX_COMMENT + 1)))
                .hasMessage("the comment is longer than " + ItemFlag.MAX_COMMENT + " characters");
        assertThatThrownBy(() -> flags.flag(987_654_321L, "fl-1", "image unclear")).hasMessage("there is no comparison 987654321");
        assertThat(jdbc.queryForObject("select count(*) from item_flag", Long.class)).isEqualTo(before);
    }
}
