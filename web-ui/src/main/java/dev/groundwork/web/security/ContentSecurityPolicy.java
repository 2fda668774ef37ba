package dev.groundwork.web.security;

/**
 * The Content-Security-Policy of every response of the workbench. Vaadin Flow 24 needs three
 * {@code 'unsafe-…'} sources (see deploy/README.md, "Content-Security-Policy"): its bootstrap page
 * starts the client engine with an inline script ({@code script-src 'unsafe-inline'}), the engine
 * turns the JavaScript expressions the server sends ({@code executeJs}, event data) into functions
 * ({@code script-src 'unsafe-eval'}), and the web components and Vaadin's style attributes set inline
 * styles ({@code style-src 'unsafe-inline'}). Everything else comes from the workbench itself; no
 * source is a wildcard.
 */
public final class ContentSecurityPolicy {

    private static final String COMMON = String.join("; ",
            "default-src 'self'",
            "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
            "style-src 'self' 'unsafe-inline'",
            // Lumo's icon font and some component icons are data: URLs in Vaadin's own styles.
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            // The Reports view frames a report's HTML from the workbench itself.
            "frame-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'");

    /** Every page: no other site may frame it. */
    public static final String PAGES = COMMON + "; frame-ancestors 'none'";

    /** A report's HTML, which the workbench's own Reports view frames. */
    public static final String FRAMED_BY_SELF = COMMON + "; frame-ancestors 'self'";

    private ContentSecurityPolicy() {}
}
