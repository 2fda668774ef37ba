package dev.groundwork.web.api;

import jakarta.servlet.http.HttpServletRequest;

/** Where the public REST API lives (docs/api.md). */
public final class ApiPaths {

    /** Every route of version 1 starts here. */
    public static final String V1 = "/api/v1";

    /** The OpenAPI 3 document, generated from the controllers by springdoc. */
    public static final String OPENAPI = V1 + "/openapi.json";

    /** Swagger UI, for signed-in users; springdoc redirects it to its own resources. */
    public static final String SWAGGER_UI = V1 + "/docs";

    /** Where springdoc serves the Swagger UI's page and scripts ({@code …/swagger-ui/index.html}). */
    public static final String SWAGGER_RESOURCES = V1 + "/swagger-ui/**";

    /**
     * Where a dataset file is uploaded (POST, the body the file itself): its size is the upload limit's
     * ({@code groundwork.web.max-upload-bytes}), not the API's JSON limit.
     */
    public static final String DATASET_UPLOAD = V1 + "/datasets";

    private ApiPaths() {}

    /** Whether the request uploads a dataset file. */
    public static boolean isDatasetUpload(HttpServletRequest request) {
        return "POST".equals(request.getMethod())
                && request.getRequestURI().substring(request.getContextPath().length()).equals(DATASET_UPLOAD);
    }

    /** Whether a request path (without the context path) belongs to the API. */
    public static boolean isApi(String path) {
        return path.equals(V1) || path.startsWith(V1 + "/");
    }

    /** Whether a request goes to the API. */
    public static boolean isApi(HttpServletRequest request) {
        return isApi(request.getRequestURI().substring(request.getContextPath().length()));
    }
}
