package dev.groundwork.annotation.preference;

/**
 * The outcome for one comparison: which response (in stored order) is chosen, how strongly the
 * deciding judges agree, and whose votes decided.
 *
 * @param winner "A" or "B"
 * @param weight share of the deciding group's votes that went to the winner, in (0, 1]
 * @param decidedBy HUMAN, CRITIC or REVIEWER (a reviewer's resolution: weight 1, one vote)
 * @param votes number of votes in the deciding group (ties and both-bad included); 1 for REVIEWER
 */
public record Preference(String winner, double weight, String decidedBy, int votes) {
    public Preference {
        if (!winner.equals("A") && !winner.equals("B")) {
            throw new IllegalArgumentException("winner must be A or B, was " + winner);
        }
        if (!(weight > 0 && weight <= 1)) {
            throw new IllegalArgumentException("weight must be in (0, 1], was " + weight);
        }
    }

    public String loser() {
        return winner.equals("A") ? "B" : "A";
    }
}
