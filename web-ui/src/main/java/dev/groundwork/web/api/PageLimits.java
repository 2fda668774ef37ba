package dev.groundwork.web.api;

import org.springframework.stereotype.Component;

/** The {@code limit} of a list request: 50 when not given, at most {@code groundwork.api.max-page-size}. */
@Component
public class PageLimits {

    public static final int DEFAULT = 50;

    private final int max;

    public PageLimits(ApiProperties properties) {
        this.max = properties.maxPageSize();
    }

    public int of(int limit) {
        if (limit < 1 || limit > max) {
            throw new BadRequestException("limit", "must be between 1 and " + max + ", was " + limit);
        }
        return limit;
    }
}
