package dev.groundwork.annotation.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * The operations port of a service that has no web server of its own (the trainer service, the critic service):
 * {@code GET /health/live} (200 while the process runs), {@code GET /health/ready} (200 when every readiness check
 * holds, else 503; the body names each check) and {@code GET /metrics} (every Micrometer meter of the process in
 * Prometheus's text format). The web application serves the same through Spring Boot Actuator instead
 * ({@code /actuator/health/liveness}, {@code /actuator/health/readiness}, {@code /actuator/prometheus}); see
 * docs/operations.md.
 *
 * <p>The Prometheus registry joins {@link Metrics#globalRegistry}, which is where the services' meters
 * ({@link Meters}) are registered, and carries the common tag {@code service}.
 */
public final class ServiceOps implements AutoCloseable {

    private final HttpServer server;
    private final PrometheusMeterRegistry registry;
    private final Map<String, BooleanSupplier> readiness = new LinkedHashMap<>();

    private ServiceOps(HttpServer server, PrometheusMeterRegistry registry) {
        this.server = server;
        this.registry = registry;
    }

    /**
     * Serves the operations endpoints on {@code port} (0: a free port) on every interface.
     *
     * @param service the {@code service} tag of every meter, e.g. {@code trainer}
     */
    public static ServiceOps start(String service, int port) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("service", service);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(port), 0);
        } catch (IOException e) {
            registry.close();
            throw new UncheckedIOException("cannot serve the operations port " + port + ": " + e.getMessage(), e);
        }
        ServiceOps ops = new ServiceOps(server, registry);
        server.createContext("/health/live", exchange -> ops.answer(exchange, 200, "text/plain", "UP\n"));
        server.createContext("/health/ready", ops::ready);
        server.createContext("/metrics", exchange -> ops.answer(exchange, 200,
                "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
        server.createContext("/", exchange -> ops.answer(exchange, 404, "text/plain",
                "not found; this port serves /health/live, /health/ready and /metrics\n"));
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, service + "-ops");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        Metrics.globalRegistry.add(registry);
        return ops;
    }

    /** The registry {@code /metrics} reads (it is also in {@link Metrics#globalRegistry}). */
    public MeterRegistry registry() {
        return registry;
    }

    /** The port the endpoints are served on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Adds a readiness check: {@code /health/ready} answers 503 while it is false. */
    public synchronized ServiceOps readiness(String name, BooleanSupplier check) {
        readiness.put(name, check);
        return this;
    }

    /** Whether every readiness check holds, with each check's state. */
    public synchronized Map<String, Boolean> readinessChecks() {
        Map<String, Boolean> states = new LinkedHashMap<>();
        readiness.forEach((name, check) -> states.put(name, safely(check)));
        return states;
    }

    private static boolean safely(BooleanSupplier check) {
        try {
            return check.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void ready(HttpExchange exchange) throws IOException {
        Map<String, Boolean> states = readinessChecks();
        boolean up = states.values().stream().allMatch(Boolean::booleanValue);
        StringBuilder body = new StringBuilder("{\"status\":\"").append(up ? "UP" : "DOWN").append("\",\"checks\":{");
        String separator = "";
        for (Map.Entry<String, Boolean> state : states.entrySet()) {
            body.append(separator).append('"').append(state.getKey()).append("\":\"")
                    .append(state.getValue() ? "UP" : "DOWN").append('"');
            separator = ",";
        }
        answer(exchange, up ? 200 : 503, "application/json", body.append("}}\n").toString());
    }

    private void answer(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    /** Stops serving and leaves the global registry. */
    @Override
    public void close() {
        server.stop(0);
        Metrics.globalRegistry.remove(registry);
        registry.close();
    }
}
