package dev.groundwork.storage.dataset;

import java.nio.file.Path;

/** What an export wrote. */
public record ExportSummary(String dataset, Path directory, int items, int images, String digest) {}
