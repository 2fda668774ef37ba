package dev.groundwork.web.layout;

import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;

/**
 * Charts drawn on the server: a JFreeChart as PNG bytes (headless AWT), and those bytes as an image source the
 * browser loads inline (the views' charts are {@code Image}s, allowed by the content security policy's
 * {@code img-src 'self'}).
 */
public final class ChartPng {

    static {
        // A server has no display; AWT must not look for one (Spring Boot sets this too when it starts).
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private ChartPng() {}

    /** The chart drawn at {@code width} × {@code height} pixels, as PNG. */
    public static byte[] of(JFreeChart chart, int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ChartUtils.writeChartAsPNG(out, chart, width, height);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** PNG bytes served inline under {@code fileName}, for {@code Image.setSrc}. */
    public static DownloadHandler inline(byte[] png, String fileName) {
        return DownloadHandler.fromInputStream(
                event -> new DownloadResponse(new ByteArrayInputStream(png), fileName, "image/png", png.length)).inline();
    }

    /**
     * A PNG drawn only when the browser downloads it, under {@code fileName}: a view sends its rows first and draws
     * its charts in the image requests that follow. {@code draw} runs outside the session lock, so it must not read
     * the view's state.
     */
    public static DownloadHandler drawnOnDownload(Supplier<byte[]> draw, String fileName) {
        return DownloadHandler.fromInputStream(event -> {
            byte[] png = draw.get();
            return new DownloadResponse(new ByteArrayInputStream(png), fileName, "image/png", png.length);
        }).inline();
    }
}
