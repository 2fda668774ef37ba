package dev.groundwork.web.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One page of a list: its items and, when more follow, the opaque cursor of the next page ({@code ?cursor=…}). A
 * cursor is the base64url form of the last key of the page (an id, a position, a name); clients pass it back as it
 * is and never read it.
 */
public record CursorPage<T>(List<T> items,
        @JsonProperty("next_cursor") @Schema(nullable = true, description = "pass as ?cursor= for the next page; null on the last")
        Optional<String> nextCursor) {

    /**
     * The page of {@code limit} items out of {@code fetched}, which holds up to {@code limit + 1} items after the
     * cursor: the extra one only tells that another page follows.
     */
    public static <T> CursorPage<T> of(List<T> fetched, int limit, Function<T, String> key) {
        if (fetched.size() <= limit) {
            return new CursorPage<>(List.copyOf(fetched), Optional.empty());
        }
        List<T> page = List.copyOf(fetched.subList(0, limit));
        return new CursorPage<>(page, Optional.of(encode(key.apply(page.get(limit - 1)))));
    }

    public static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    /** The key a cursor carries; a cursor this API did not hand out is a 400 naming {@code cursor}. */
    public static String decode(String cursor) {
        try {
            String key = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (key.isEmpty()) {
                throw new IllegalArgumentException("empty");
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("cursor", "is not a cursor this API handed out; pass next_cursor as it came");
        }
    }

    /** A cursor whose key is a whole number (a position). */
    public static int decodeInt(String cursor) {
        try {
            return Integer.parseInt(decode(cursor));
        } catch (NumberFormatException e) {
            throw new BadRequestException("cursor", "is not a cursor this API handed out; pass next_cursor as it came");
        }
    }

    /** A cursor whose key is an id. */
    public static long decodeLong(String cursor) {
        try {
            return Long.parseLong(decode(cursor));
        } catch (NumberFormatException e) {
            throw new BadRequestException("cursor", "is not a cursor this API handed out; pass next_cursor as it came");
        }
    }
}
