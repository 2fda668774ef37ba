package dev.groundwork.storage.dataset;

/** Answers {@link DatasetAnswers} refuses, naming the field of the request at fault ({@code answers[3].item}). */
public class AnswerRejectedException extends RuntimeException {

    private final String field;

    public AnswerRejectedException(String field, String reason) {
        super(reason);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
