package dev.groundwork.web.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import dev.groundwork.annotation.AnnotationConfiguration;
import dev.groundwork.annotation.agreement.AgreementService;
import dev.groundwork.annotation.assignment.AssignmentService;
import dev.groundwork.annotation.assignment.ComparisonService;
import dev.groundwork.annotation.assignment.PairingMode;
import dev.groundwork.annotation.judgment.JudgmentService;
import dev.groundwork.annotation.judgment.RecordJudgment;
import dev.groundwork.annotation.review.ReviewService;
import dev.groundwork.annotation.review.ReviewService.Disagreement;
import dev.groundwork.annotation.review.ReviewService.JudgmentView;
import dev.groundwork.annotation.review.ReviewService.Resolved;
import dev.groundwork.storage.audit.AuditLogRepository;
import dev.groundwork.storage.dataset.DatasetImporter;
import dev.groundwork.storage.dataset.DatasetRepository;
import dev.groundwork.storage.judgment.AnnotatorRepository;
import dev.groundwork.storage.judgment.Comparison;
import dev.groundwork.storage.judgment.ComparisonRepository;
import dev.groundwork.storage.judgment.JudgeKind;
import dev.groundwork.storage.judgment.Verdict;
import dev.groundwork.storage.judgment.VoteTallies;
import dev.groundwork.storage.world.World;
import dev.groundwork.storage.world.WorldConfig;
import dev.groundwork.web.security.PersonNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.context.annotation.Import;

/**
 * The review panels on the server side, without a browser: the queue, the detail of a selected
 * comparison, resolving it, and the agreement figures and charts, over services on H2.
 */
@SpringBootTest(classes = ReviewPanelsTest.Services.class, webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "spring.datasource.url=jdbc:h2:mem:gw-review-${random.uuid};DB_CLOSE_DELAY=-1",
        "spring.jpa.hibernate.ddl-auto=validate", "spring.jpa.open-in-view=false", "spring.main.banner-mode=off",
        "groundwork.storage.image-root=${java.io.tmpdir}/gw-review-images-${random.uuid}", "logging.level.root=WARN"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReviewPanelsTest {

    /** Storage and annotation services only: no servlet, so no Vaadin web configuration. */
    @SpringBootConfiguration
    @EnableAutoConfiguration(excludeName = {"com.vaadin.flow.spring.SpringBootAutoConfiguration",
            "com.vaadin.flow.spring.SpringSecurityAutoConfiguration", "com.vaadin.flow.spring.VaadinScopesConfig"})
    @Import(AnnotationConfiguration.class)
    static class Services {}

    private static final String DATASET = "panel-world";
    private static final String ADA = "0b6f1c2e-7a4d-4e21-9c3b-5d8e2f1a6b90";
    private static final String BOB = "bob";

    @Autowired DatasetImporter importer;
    @Autowired DatasetRepository datasets;
    @Autowired ComparisonService comparisonService;
    @Autowired ComparisonRepository comparisons;
    @Autowired AssignmentService assignments;
    @Autowired JudgmentService judgments;
    @Autowired ReviewService review;
    @Autowired AgreementService agreement;
    @Autowired AnnotatorRepository annotators;
    @Autowired AuditLogRepository auditLog;
    @Autowired JdbcTemplate jdbc;
    @Autowired VoteTallies tallies;
    @TempDir static Path tmp;

    private List<Long> ids;
    /** Held here: Vaadin keeps the current UI only weakly. */
    private UI ui;

    @BeforeAll
    void judge() throws Exception {
        World.generate(WorldConfig.defaults(6, 11)).writeDataset(tmp.resolve("w"), DATASET);
        importer.importDataset(tmp.resolve("w"), Optional.empty(), "test");
        comparisonService.createForDataset(DATASET, PairingMode.FIRST_VS_REST, 1, "test");
        assignments.ensureAnnotator(ADA, "Ada Lovelace", "annotator");
        assignments.ensureAnnotator(BOB, BOB, "annotator");
        assignments.assign(DATASET, List.of(ADA, BOB), 2, 3, "test");
        ids = comparisons.findByDataset(datasets.findByName(DATASET).orElseThrow()).stream().map(Comparison::getId).sorted().toList();
        record(0, JudgeKind.HUMAN, ADA, Verdict.A);
        record(0, JudgeKind.HUMAN, BOB, Verdict.B);
        record(1, JudgeKind.HUMAN, ADA, Verdict.A);
        record(1, JudgeKind.HUMAN, BOB, Verdict.A);
        record(1, JudgeKind.CRITIC, "critic-1", Verdict.B);
        record(2, JudgeKind.HUMAN, ADA, Verdict.TIE);
        record(2, JudgeKind.HUMAN, BOB, Verdict.TIE);
        record(2, JudgeKind.CRITIC, "critic-1", Verdict.TIE);
    }

    private void record(int index, JudgeKind kind, String judge, Verdict verdict) {
        long id = ids.get(index);
        judgments.record(new RecordJudgment(id, kind, judge, verdict, 1, List.of(), "why " + judge, 2500L, judge + ":" + id));
    }

    @BeforeEach
    void ui() {
        ui = new UI();
        UI.setCurrent(ui);
    }

    @AfterEach
    void noUi() {
        UI.setCurrent(null);
        ui = null;
    }

    private static Stream<Component> tree(Component root) {
        return Stream.concat(Stream.of(root), root.getChildren().flatMap(ReviewPanelsTest::tree));
    }

    @SuppressWarnings("unchecked")
    private static <T extends Component> T find(Component root, String id, Class<? super T> type) {
        return (T) tree(root).filter(c -> c.getId().filter(id::equals).isPresent()).map(type::cast).findFirst()
                .orElseThrow(() -> new AssertionError("no component with id " + id));
    }

    private static <T> List<T> items(Grid<T> grid) {
        return grid.getGenericDataView().getItems().toList();
    }

    @Test
    void selecting_a_disagreement_shows_it_and_resolving_takes_it_off_the_queue() {
        DisagreementsPanel panel = new DisagreementsPanel(review, new PersonNames(annotators), List.of(DATASET), "reviewer-x");
        ComboBox<String> dataset = find(panel, "review-dataset", ComboBox.class);
        dataset.setValue(DATASET);
        Grid<Disagreement> queue = find(panel, "review-queue", Grid.class);
        assertThat(items(queue)).extracting(Disagreement::comparisonId).containsExactly(ids.get(0), ids.get(1));
        assertThat(find(panel, "review-detail", Component.class).isVisible()).isFalse();

        queue.select(items(queue).get(0));
        Component detail = find(panel, "review-detail", Component.class);
        assertThat(detail.isVisible()).isTrue();
        assertThat(detail.getElement().getAttribute("data-comparison")).isEqualTo(Long.toString(ids.get(0)));
        ReviewService.Detail expected = review.detail(ids.get(0));
        assertThat(find(panel, "review-image", Image.class).getSrc()).isEqualTo("/images/" + expected.imageSha256());
        assertThat(find(panel, "review-prompt", Component.class).getElement().getText()).isEqualTo(expected.prompt());
        Component a = find(panel, "review-response-a", Component.class);
        assertThat(a.getElement().getText()).isEqualTo(expected.responseA());
        // Model output is a text node, never markup.
        assertThat(a.getElement().getChildren()).isNotEmpty().allMatch(com.vaadin.flow.dom.Element::isTextNode);
        assertThat(a.getElement().getProperty("innerHTML")).isNull();
        assertThat(find(panel, "review-response-b", Component.class).getElement().getText()).isEqualTo(expected.responseB());
        Grid<JudgmentView> judgmentGrid = find(panel, "review-judgments", Grid.class);
        assertThat(items(judgmentGrid)).extracting(JudgmentView::judgeId).containsExactly(ADA, BOB);
        assertThat(find(panel, "review-resolution", Span.class).getText()).isEqualTo("Not resolved yet.");
        Button resolve = find(panel, "resolve", Button.class);
        assertThat(resolve.isEnabled()).isFalse();

        RadioButtonGroup<Verdict> verdict = find(panel, "resolve-verdict", RadioButtonGroup.class);
        verdict.setValue(Verdict.B);
        find(panel, "resolve-note", TextArea.class).setValue("Bob read the image right");
        assertThat(resolve.isEnabled()).isTrue();
        resolve.click();

        assertThat(items(queue)).extracting(Disagreement::comparisonId).containsExactly(ids.get(1));
        assertThat(detail.isVisible()).isTrue();
        assertThat(find(panel, "review-resolution", Span.class).getText())
                .startsWith("Resolved: B (B better) by reviewer-x").endsWith("Note: Bob read the image right");
        assertThat(auditLog.findByActionOrderByOccurredAt("review.resolve")).anySatisfy(e -> {
            assertThat(e.getActor()).isEqualTo("reviewer-x");
            assertThat(e.getTarget()).isEqualTo("comparison " + ids.get(0));
        });

        Select<Resolved> resolved = find(panel, "review-resolved", Select.class);
        resolved.setValue(Resolved.ANY);
        assertThat(items(queue)).extracting(Disagreement::comparisonId).containsExactly(ids.get(0), ids.get(1));
        assertThat(items(queue).get(0).resolution()).contains(Verdict.B);
        resolved.setValue(Resolved.RESOLVED);
        assertThat(items(queue)).extracting(Disagreement::comparisonId).containsExactly(ids.get(0));
    }

    @Test
    void the_queue_filters_by_judge_and_kind() {
        DisagreementsPanel panel = new DisagreementsPanel(review, new PersonNames(annotators), List.of(DATASET), "reviewer-y");
        find(panel, "review-dataset", ComboBox.class).setValue(DATASET);
        find(panel, "review-resolved", Select.class).setValue(Resolved.ANY);
        Grid<Disagreement> queue = find(panel, "review-queue", Grid.class);
        ComboBox<String> judge = find(panel, "review-judge", ComboBox.class);
        assertThat(judge.getItemLabelGenerator().apply(ADA)).isEqualTo("Ada Lovelace (0b6f1c2e…)");
        judge.setValue("critic-1");
        assertThat(items(queue)).extracting(Disagreement::comparisonId).containsExactly(ids.get(1));
        judge.clear();
        ComboBox<ReviewService.Kind> kind = find(panel, "review-kind", ComboBox.class);
        kind.setValue(ReviewService.Kind.HUMAN_HUMAN);
        assertThat(items(queue)).extracting(Disagreement::comparisonId).containsExactly(ids.get(0));
        assertThat(find(panel, "review-queue-count", Span.class).getText()).isEqualTo("1 comparison");
    }

    @Test
    void next_unresolved_and_resolve_and_next_walk_the_unresolved_comparisons_in_order() throws Exception {
        String second = "panel-world-next";
        World.generate(WorldConfig.defaults(4, 12)).writeDataset(tmp.resolve("n"), second);
        importer.importDataset(tmp.resolve("n"), Optional.empty(), "test");
        comparisonService.createForDataset(second, PairingMode.FIRST_VS_REST, 1, "test");
        assignments.assign(second, List.of(ADA, BOB), 2, 3, "test");
        List<Long> next = comparisons.findByDataset(datasets.findByName(second).orElseThrow()).stream()
                .map(Comparison::getId).sorted().toList();
        for (int i = 0; i < 2; i++) {
            long id = next.get(i);
            judgments.record(new RecordJudgment(id, JudgeKind.HUMAN, ADA, Verdict.A, 1, List.of(), null, null, "n-a-" + id));
            judgments.record(new RecordJudgment(id, JudgeKind.HUMAN, BOB, Verdict.B, 1, List.of(), null, null, "n-b-" + id));
        }
        DisagreementsPanel panel = new DisagreementsPanel(review, new PersonNames(annotators), List.of(DATASET, second),
                "reviewer-y");
        find(panel, "review-dataset", ComboBox.class).setValue(second);
        Component detail = find(panel, "review-detail", Component.class);
        RadioButtonGroup<Verdict> verdict = find(panel, "resolve-verdict", RadioButtonGroup.class);
        Button resolveNext = find(panel, "resolve-next", Button.class);

        find(panel, "review-next", Button.class).click();
        assertThat(detail.getElement().getAttribute("data-comparison")).isEqualTo(Long.toString(next.get(0)));
        assertThat(resolveNext.isEnabled()).isFalse();
        verdict.setValue(Verdict.TIE);
        resolveNext.click();
        assertThat(review.detail(next.get(0)).resolution()).get().extracting(r -> r.getVerdict()).isEqualTo(Verdict.TIE);
        assertThat(detail.getElement().getAttribute("data-comparison")).isEqualTo(Long.toString(next.get(1)));
        assertThat(verdict.getValue()).isNull();
        verdict.setValue(Verdict.A);
        resolveNext.click();
        assertThat(review.detail(next.get(1)).resolution()).isPresent();
        // Nothing left: the last one stays shown.
        assertThat(detail.getElement().getAttribute("data-comparison")).isEqualTo(Long.toString(next.get(1)));
        assertThat(items(find(panel, "review-queue", Grid.class))).isEmpty();
        assertThat(find(panel, "review-keys", Span.class).getText()).contains("Ctrl+Enter", "Alt+N");
    }

    @Test
    void judges_are_shown_by_name_and_subject_prefix_when_known() {
        PersonNames names = new PersonNames(annotators);
        assertThat(names.of(ADA)).isEqualTo("Ada Lovelace (0b6f1c2e…)");
        assertThat(names.of(BOB)).isEqualTo(BOB);
        assertThat(names.of("critic-1")).isEqualTo("critic-1");
    }

    @Test
    void the_agreement_tab_shows_figures_per_annotator_agreement_with_the_critic_and_two_charts() {
        AgreementPanel panel = new AgreementPanel(agreement, new PersonNames(annotators), List.of(DATASET));
        assertThat(find(panel, "agreement-chart-annotators", Image.class).getSrc()).isNullOrEmpty();
        panel.showFirstDataset();
        assertThat(find(panel, "agreement-comparisons", Span.class).getText()).isEqualTo("3");
        assertThat(find(panel, "agreement-judges", Span.class).getText()).isEqualTo("2");
        assertThat(find(panel, "agreement-fleiss", Span.class).getText()).endsWith("(n = 3, small sample)");
        // Three shared comparisons: every figure is marked, and the warning says why.
        assertThat(find(panel, "agreement-alpha", Span.class).getText()).endsWith("(n = 3, small sample)");
        Span warning = find(panel, "agreement-small-sample", Span.class);
        assertThat(warning.isVisible()).isTrue();
        assertThat(warning.getText()).contains("fewer than 30 shared comparisons");
        Grid<AnnotatorAgreement> perAnnotator = find(panel, "agreement-annotators", Grid.class);
        // Ada and Bob agree on 2 of 3 (A,A / TIE,TIE; A vs B); the critic agrees with Ada on 1 of 2 and with Bob on 1 of 2.
        assertThat(items(perAnnotator)).extracting(AnnotatorAgreement::annotator).containsExactly(ADA, BOB);
        assertThat(items(perAnnotator)).allSatisfy(r -> {
            assertThat(r.sharedComparisons()).isEqualTo(3);
            assertThat(r.criticComparisons()).isEqualTo(2);
            assertThat(r.criticAgreement().getAsDouble()).isEqualTo(0.5);
        });
        Grid<?> pairs = find(panel, "agreement-pairs", Grid.class);
        assertThat(items(pairs)).hasSize(1 + 2);
        for (String chart : List.of("agreement-chart-annotators", "agreement-chart-dataset")) {
            Image image = find(panel, chart, Image.class);
            assertThat(image.isVisible()).isTrue();
            assertThat(image.getElement().getAttribute("src")).isNotNull();
        }
    }

    @Test
    void the_background_fold_tallies_a_backlog_and_the_figures_come_out_the_same() throws Exception {
        ReviewService.QueueFilter all = ReviewService.QueueFilter.unresolved().with(Resolved.ANY);
        String queue = review.queueIds(all).toString();
        String figures = agreement.forDataset(DATASET).toString() + agreement.criticAgreement(DATASET);
        jdbc.update("update judgment set tallied = false"); // as after an upgrade: nothing tallied
        VoteTallyFolding folding = new VoteTallyFolding(tallies);
        folding.start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (untallied() > 0) {
                assertThat(System.nanoTime()).as("the background fold tallies every judgment").isLessThan(deadline);
                Thread.sleep(20);
            }
        } finally {
            folding.stop();
        }
        assertThat(folding.isRunning()).isFalse();
        assertThat(review.queueIds(all).toString()).isEqualTo(queue);
        assertThat(agreement.forDataset(DATASET).toString() + agreement.criticAgreement(DATASET)).isEqualTo(figures);
    }

    private long untallied() {
        Long n = jdbc.queryForObject("select count(*) from judgment where tallied = false", Long.class);
        return n == null ? 0 : n;
    }
}
