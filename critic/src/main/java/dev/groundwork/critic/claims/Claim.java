package dev.groundwork.critic.claims;

/**
 * One atomic claim of an answer about the scene (RLAIF-V's "divide": Yu et al. 2024, §3.2, split a response into
 * atomic claims and check each one on its own). Every claim knows the span of the answer it was read from.
 */
sealed interface Claim {

    /** Start of the words the claim was read from. */
    int start();

    /** End of those words (exclusive). */
    int end();

    /** The claim that says the opposite ("there is a ring" ↔ "there is no ring"). */
    Claim negated();

    /** The claim in words, for the rationale. */
    String describe();

    /** "There is a (large red) circle", or with a definite article its presupposition. */
    record Exists(Mention what, int start, int end) implements Claim {
        @Override
        public Claim negated() {
            return new Absent(what, start, end);
        }

        @Override
        public String describe() {
            return "there is a " + what.words();
        }
    }

    /** "There is no (red) ring." */
    record Absent(Mention what, int start, int end) implements Claim {
        @Override
        public Claim negated() {
            return new Exists(what, start, end);
        }

        @Override
        public String describe() {
            return "there is no " + what.words();
        }
    }

    /** "There are 3 (green) crosses", "There are 4 objects"; {@code exactly = false} for "not 3 crosses". */
    record Count(Mention what, int number, boolean exactly, int start, int end) implements Claim {
        @Override
        public Claim negated() {
            return new Count(what, number, !exactly, start, end);
        }

        @Override
        public String describe() {
            String verb = number == 1 ? "is" : "are";
            return "there " + verb + (exactly ? " " : " not ") + number + " " + (number == 1 ? what.words() : what.pluralWords());
        }
    }

    /** "The red ring is to the left of the blue star"; {@code holds = false} for its denial. */
    record Related(Mention subject, String predicate, Mention object, boolean holds, int start, int end) implements Claim {
        @Override
        public Claim negated() {
            return new Related(subject, predicate, object, !holds, start, end);
        }

        @Override
        public String describe() {
            return "the " + subject.words() + (holds ? " is " : " is not ") + predicate.replace('_', ' ') + " the "
                    + object.words();
        }
    }
}
