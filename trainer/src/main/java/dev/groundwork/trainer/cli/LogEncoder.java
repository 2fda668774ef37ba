package dev.groundwork.trainer.cli;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;

/**
 * The trainer's and the critic service's log encoder (logback.xml): {@code format} {@code text} writes the pattern
 * line, {@code json} one JSON object per event with logback's {@link JsonEncoder} (formatted message, no sequence
 * number, context or nanoseconds). One appender with this encoder, rather than two appenders of which one is unused,
 * keeps logback from printing its own status warnings at every start.
 */
public final class LogEncoder extends EncoderBase<ILoggingEvent> {

    private String format = "text";
    private String pattern = "%d{HH:mm:ss.SSS} %-5level %logger{1} - %msg%n";
    private Encoder<ILoggingEvent> delegate;

    /** {@code text} or {@code json} (logback.xml passes {@code ${GW_LOG_FORMAT:-text}}). */
    public void setFormat(String format) {
        this.format = format;
    }

    /** The text format's pattern. */
    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    @Override
    public void start() {
        if ("json".equals(format)) {
            JsonEncoder json = new JsonEncoder();
            json.setWithSequenceNumber(false);
            json.setWithNanoseconds(false);
            json.setWithContext(false);
            json.setWithMessage(false);
            json.setWithArguments(false);
            json.setWithFormattedMessage(true);
            delegate = json;
        } else {
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setPattern(pattern);
            delegate = text;
        }
        delegate.setContext(getContext());
        delegate.start();
        super.start();
    }

    @Override
    public void stop() {
        if (delegate != null) {
            delegate.stop();
        }
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return delegate.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return delegate.encode(event);
    }

    @Override
    public byte[] footerBytes() {
        return delegate.footerBytes();
    }
}
