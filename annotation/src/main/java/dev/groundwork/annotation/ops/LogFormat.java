package dev.groundwork.annotation.ops;

import java.util.Map;

/**
 * {@code GW_LOG_FORMAT}: {@code text} (the default, one line per event for people) or {@code json} (one JSON object
 * per line for a log collector). The trainer's logback.xml passes it to its encoder (the critic service logs with the
 * same file, which its jar carries); the web application maps {@code json} to Spring Boot's structured logging in the
 * ECS format.
 */
public enum LogFormat {
    TEXT, JSON;

    public static final String VARIABLE = "GW_LOG_FORMAT";

    /** Spring Boot's properties for this format: {@code json} is Boot's structured console logging in ECS. */
    public Map<String, Object> springBootProperties() {
        return this == JSON ? Map.of("logging.structured.format.console", "ecs") : Map.of();
    }

    /**
     * The format the environment asks for: unset, {@code text} or {@code json} (lower case: the trainer's logback.xml
     * names its appenders so). Anything else is refused with a message that names the variable.
     */
    public static LogFormat fromEnvironment(Map<String, String> env) {
        String value = env.getOrDefault(VARIABLE, "").trim();
        if (value.isEmpty()) {
            return TEXT;
        }
        return switch (value) {
            case "text" -> TEXT;
            case "json" -> JSON;
            default -> throw new IllegalArgumentException(VARIABLE + " must be text or json, was '" + value + "'");
        };
    }
}
