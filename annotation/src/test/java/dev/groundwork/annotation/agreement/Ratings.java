package dev.groundwork.annotation.agreement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** Test helpers for building rating lists from contingency-table cells. */
final class Ratings {

    private Ratings() {
    }

    /** Two parallel label lists (rater 1, rater 2) built by appending cells of a contingency table. */
    static final class Pairs {
        final List<String> rater1 = new ArrayList<>();
        final List<String> rater2 = new ArrayList<>();

        /** Appends {@code times} items where rater 1 said {@code a} and rater 2 said {@code b}. */
        Pairs add(String a, String b, int times) {
            for (int i = 0; i < times; i++) {
                rater1.add(a);
                rater2.add(b);
            }
            return this;
        }

        /** Same items as a per-subject list, for {@link FleissKappa#ofRatings}. */
        List<List<String>> perSubject() {
            List<List<String>> subjects = new ArrayList<>();
            for (int i = 0; i < rater1.size(); i++) {
                subjects.add(Arrays.asList(rater1.get(i), rater2.get(i)));
            }
            return subjects;
        }

        /** Same items as a per-rater list, for {@link KrippendorffAlpha#nominal}. */
        List<List<String>> perRater() {
            return List.of(Collections.unmodifiableList(rater1), Collections.unmodifiableList(rater2));
        }
    }

    static Pairs pairs() {
        return new Pairs();
    }

    /**
     * Cohen's kappa article on Wikipedia, section "Examples" / "Simple example": 50 grant proposals,
     * readers A and B say Yes/No. Both Yes 20, A Yes & B No 5, A No & B Yes 10, both No 15.
     */
    static Pairs wikipediaCohen() {
        return pairs()
                .add("Yes", "Yes", 20)
                .add("Yes", "No", 5)
                .add("No", "Yes", 10)
                .add("No", "No", 15);
    }

    /** {@code Arrays.asList} that tolerates nulls (List.of does not). */
    @SafeVarargs
    static <T> List<T> row(T... values) {
        return Arrays.asList(values);
    }
}
