package dev.groundwork.annotation.assignment;

import dev.groundwork.storage.audit.AuditTrail;
import dev.groundwork.storage.dataset.Dataset;
import dev.groundwork.storage.dataset.DatasetNotFoundException;
import dev.groundwork.storage.dataset.DatasetRepository;
import dev.groundwork.storage.judgment.Annotator;
import dev.groundwork.storage.judgment.AnnotatorRepository;
import dev.groundwork.storage.judgment.Assignment;
import dev.groundwork.storage.judgment.AssignmentRepository;
import dev.groundwork.storage.judgment.Comparison;
import dev.groundwork.storage.judgment.ComparisonRepository;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Gives each comparison of a dataset to k distinct annotators (overlap k). An annotator never gets
 * the same comparison twice; the least-loaded annotators are chosen first, ties broken by a
 * seeded shuffle; each assignment gets its own seeded left/right display order. Re-running tops
 * comparisons up to k without disturbing existing assignments.
 */
@Service
public class AssignmentService {

    /** What an assignment run did. */
    public record Report(int comparisons, int created, int annotators, int overlapK) {}

    private final DatasetRepository datasets;
    private final ComparisonRepository comparisons;
    private final AssignmentRepository assignments;
    private final AnnotatorRepository annotators;
    private final AuditTrail audit;
    private final Clock clock;

    public AssignmentService(DatasetRepository datasets, ComparisonRepository comparisons, AssignmentRepository assignments,
            AnnotatorRepository annotators, AuditTrail audit, Clock clock) {
        this.datasets = datasets;
        this.comparisons = comparisons;
        this.assignments = assignments;
        this.annotators = annotators;
        this.audit = audit;
        this.clock = clock;
    }

    /** Finds or creates the annotator for a Keycloak subject, updating user name, display name and roles. */
    @Transactional
    public Annotator ensureAnnotator(String subject, String username, String displayName, String roles) {
        Annotator annotator = ensureAnnotator(subject, displayName, roles);
        annotator.setUsername(username);
        return annotator;
    }

    /** Finds or creates the annotator for a Keycloak subject, updating name and roles; a user name recorded earlier stays. */
    @Transactional
    public Annotator ensureAnnotator(String subject, String displayName, String roles) {
        Optional<Annotator> found = annotators.findBySubject(subject);
        if (found.isPresent()) {
            found.get().updateProfile(displayName, roles);
            return found.get();
        }
        return annotators.save(new Annotator(subject, displayName, roles, clock.instant()));
    }

    @Transactional
    public Report assign(String datasetName, List<String> subjects, int overlapK, long seed, String actor) {
        Dataset dataset = datasets.findByName(datasetName).orElseThrow(() -> new DatasetNotFoundException(datasetName));
        Report report = assign(dataset, comparisons.findByDataset(dataset), subjects, overlapK, seed);
        audit.record(actor, "assignments.create", datasetName,
                report.created() + " assignments, overlap " + overlapK + ", annotators " + subjects);
        return report;
    }

    /** Assigns only the comparisons {@code comparisonIds} (all of dataset {@code datasetName}) with overlap k. */
    @Transactional
    public Report assign(String datasetName, java.util.Collection<Long> comparisonIds, List<String> subjects, int overlapK,
            long seed, String actor) {
        Dataset dataset = datasets.findByName(datasetName).orElseThrow(() -> new DatasetNotFoundException(datasetName));
        Set<Long> wanted = new HashSet<>(comparisonIds);
        List<Comparison> chosen = comparisons.findByDataset(dataset).stream().filter(c -> wanted.contains(c.getId())).toList();
        if (chosen.size() != wanted.size()) {
            throw new IllegalArgumentException("some of the comparisons are not in dataset " + datasetName);
        }
        Report report = assign(dataset, chosen, subjects, overlapK, seed);
        audit.record(actor, "assignments.create", datasetName, report.created() + " assignments of " + chosen.size()
                + " comparisons, overlap " + overlapK + ", annotators " + subjects);
        return report;
    }

    private Report assign(Dataset dataset, List<Comparison> all, List<String> subjects, int overlapK, long seed) {
        if (overlapK < 1) {
            throw new IllegalArgumentException("overlap k must be at least 1, was " + overlapK);
        }
        if (new HashSet<>(subjects).size() != subjects.size()) {
            throw new IllegalArgumentException("annotators are listed more than once: " + subjects);
        }
        if (subjects.size() < overlapK) {
            throw new IllegalArgumentException("overlap k = " + overlapK + " needs at least " + overlapK
                    + " annotators, got " + subjects.size());
        }
        List<Annotator> pool = new ArrayList<>();
        for (String s : subjects) {
            pool.add(annotators.findBySubject(s).orElseThrow(() -> new IllegalArgumentException("unknown annotator '" + s + "'")));
        }
        Map<Long, Set<Long>> holders = new HashMap<>();
        Map<Long, Integer> load = new HashMap<>();
        for (Assignment a : assignments.findByDataset(dataset)) {
            holders.computeIfAbsent(a.getComparison().getId(), k -> new HashSet<>()).add(a.getAnnotator().getId());
            load.merge(a.getAnnotator().getId(), 1, Integer::sum);
        }
        Random random = new Random(seed);
        int created = 0;
        for (Comparison c : all) {
            Set<Long> have = holders.computeIfAbsent(c.getId(), k -> new HashSet<>());
            int missing = overlapK - have.size();
            if (missing <= 0) {
                continue;
            }
            List<Annotator> candidates = new ArrayList<>(pool.stream().filter(a -> !have.contains(a.getId())).toList());
            Collections.shuffle(candidates, random);
            candidates.sort(Comparator.comparingInt(a -> load.getOrDefault(a.getId(), 0)));
            if (candidates.size() < missing) {
                throw new IllegalArgumentException("comparison " + c.getId() + " needs " + missing
                        + " more annotators but only " + candidates.size() + " have not seen it");
            }
            for (Annotator a : candidates.subList(0, missing)) {
                assignments.save(new Assignment(a, c, overlapK, random.nextBoolean(), clock.instant()));
                have.add(a.getId());
                load.merge(a.getId(), 1, Integer::sum);
                created++;
            }
        }
        return new Report(all.size(), created, pool.size(), overlapK);
    }
}
