package dev.groundwork.web.layout;

import com.vaadin.flow.server.RouteRegistry;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import com.vaadin.flow.server.communication.IndexHtmlResponse;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;

/**
 * Answers the page load of a path that is no view with HTTP 404. Vaadin serves the same bootstrap
 * page for every path and runs the router only afterwards, over its own requests, so the status that
 * {@link NotFoundView} returns never reaches the browser's page load (vaadin/flow#13421); this sets
 * it on the bootstrap response itself. The page still shows {@link NotFoundView}.
 */
@Component
class UnknownRoutes implements VaadinServiceInitListener {

    @Override
    public void serviceInit(ServiceInitEvent event) {
        RouteRegistry routes = event.getSource().getRouter().getRegistry();
        event.addIndexHtmlRequestListener(response -> answer(response, routes));
    }

    private static void answer(IndexHtmlResponse response, RouteRegistry routes) {
        if (!isView(routes, response.getVaadinRequest().getPathInfo())) {
            response.getVaadinResponse().setStatus(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    /** Whether {@code pathInfo} (the path below the Vaadin servlet, "/" or null for the root) names a view. */
    static boolean isView(RouteRegistry routes, String pathInfo) {
        String path = pathInfo == null ? "" : pathInfo.replaceAll("^/+|/+$", "");
        return routes.getNavigationRouteTarget(path).hasTarget();
    }
}
