package dev.groundwork.trainer.model;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A word-level {@link Tokenizer}: lower-cases, splits on whitespace and separates the punctuation marks
 * {@code . , ? :} into tokens of their own. Ids 0–3 are {@code <pad> <bos> <eos> <unk>}; the words seen by
 * {@link #fit} follow in sorted order, so the same texts always give the same ids.
 */
public final class WordTokenizer implements Tokenizer {

    /** Padding token, id 0. */
    public static final String PAD = "<pad>";
    /** Beginning-of-sequence token, id 1. */
    public static final String BOS = "<bos>";
    /** End-of-sequence token, id 2. */
    public static final String EOS = "<eos>";
    /** Unknown-word token, id 3. */
    public static final String UNK = "<unk>";

    private static final List<String> SPECIALS = List.of(PAD, BOS, EOS, UNK);
    private static final String PUNCTUATION = ".,?:";

    private final List<String> vocabulary;
    private final Map<String, Integer> ids;

    private WordTokenizer(List<String> vocabulary) {
        if (vocabulary.size() < SPECIALS.size() || !vocabulary.subList(0, SPECIALS.size()).equals(SPECIALS)) {
            throw new IllegalArgumentException("a vocabulary must start with " + SPECIALS);
        }
        this.vocabulary = List.copyOf(vocabulary);
        Map<String, Integer> map = new HashMap<>();
        for (int i = 0; i < this.vocabulary.size(); i++) {
            if (map.put(this.vocabulary.get(i), i) != null) {
                throw new IllegalArgumentException("duplicate token '" + this.vocabulary.get(i) + "'");
            }
        }
        this.ids = Collections.unmodifiableMap(map);
    }

    /** A tokenizer whose vocabulary is the special tokens and every word of {@code texts}, sorted. */
    public static WordTokenizer fit(Collection<String> texts) {
        TreeSet<String> words = new TreeSet<>();
        for (String text : texts) {
            words.addAll(split(Objects.requireNonNull(text, "text")));
        }
        words.removeAll(SPECIALS);
        List<String> vocabulary = new ArrayList<>(SPECIALS);
        vocabulary.addAll(words);
        return new WordTokenizer(vocabulary);
    }

    /** The lower-cased words and punctuation marks of {@code text}, in order. */
    public static List<String> split(String text) {
        List<String> tokens = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        String lower = text.toLowerCase(Locale.ROOT);
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (Character.isWhitespace(c) || PUNCTUATION.indexOf(c) >= 0) {
                if (word.length() > 0) {
                    tokens.add(word.toString());
                    word.setLength(0);
                }
                if (!Character.isWhitespace(c)) {
                    tokens.add(String.valueOf(c));
                }
            } else {
                word.append(c);
            }
        }
        if (word.length() > 0) {
            tokens.add(word.toString());
        }
        return tokens;
    }

    @Override
    public int[] encode(String text) {
        return split(text).stream().mapToInt(token -> ids.getOrDefault(token, unkId())).toArray();
    }

    @Override
    public String decode(int[] tokenIds) {
        StringBuilder out = new StringBuilder();
        for (int id : tokenIds) {
            if (id < 0 || id >= vocabulary.size()) {
                throw new IllegalArgumentException("id " + id + " is outside [0, " + vocabulary.size() + ")");
            }
            if (id == padId() || id == bosId() || id == eosId()) {
                continue;
            }
            String token = vocabulary.get(id);
            boolean punctuation = token.length() == 1 && PUNCTUATION.contains(token);
            if (out.length() > 0 && !punctuation) {
                out.append(' ');
            }
            out.append(token);
        }
        return out.toString();
    }

    /** The token of {@code id}. */
    public String token(int id) {
        return vocabulary.get(id);
    }

    /** The vocabulary, in id order. */
    public List<String> vocabulary() {
        return vocabulary;
    }

    @Override
    public int vocabSize() {
        return vocabulary.size();
    }

    @Override
    public int padId() {
        return 0;
    }

    @Override
    public int bosId() {
        return 1;
    }

    @Override
    public int eosId() {
        return 2;
    }

    @Override
    public int unkId() {
        return 3;
    }

    /** {@code {"type":"word","vocabulary":[...]}}, readable by {@link #fromJson}. */
    public String toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("type", "word");
        JsonArray array = new JsonArray();
        vocabulary.forEach(array::add);
        json.add("vocabulary", array);
        return new Gson().toJson(json);
    }

    /**
     * The tokenizer {@link #toJson} wrote.
     *
     * @throws IllegalArgumentException if the JSON is not such a document
     */
    public static WordTokenizer fromJson(String json) {
        JsonElement parsed = JsonParser.parseString(json);
        if (!parsed.isJsonObject() || !parsed.getAsJsonObject().has("vocabulary")) {
            throw new IllegalArgumentException("not a word tokenizer document: " + json);
        }
        List<String> vocabulary = new ArrayList<>();
        for (JsonElement element : parsed.getAsJsonObject().getAsJsonArray("vocabulary")) {
            vocabulary.add(element.getAsString());
        }
        return new WordTokenizer(vocabulary);
    }
}
