package dev.clientele.testkit;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Property;

/**
 * Captures what a run shows its user while it runs: every log line as the job's console appender
 * formats it (same layout, same levels, so the masking in log4j2.properties applies) and everything
 * printed to stdout and stderr. The output still reaches the console.
 */
public final class OutputCapture {
  private OutputCapture() {}

  /** What the action printed and logged, and its result. */
  public record Captured<T>(T result, String text) {}

  public static synchronized <T> Captured<T> during(Supplier<T> action) {
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    Configuration conf = ctx.getConfiguration();
    Appender console = conf.getAppender("console");
    @SuppressWarnings("unchecked")
    Layout<String> layout = (Layout<String>) console.getLayout();
    StringBuilder logs = new StringBuilder();
    AbstractAppender capture =
        new AbstractAppender("capture", null, layout, true, Property.EMPTY_ARRAY) {
          @Override
          public void append(LogEvent event) {
            synchronized (logs) {
              logs.append(layout.toSerializable(event));
            }
          }
        };
    capture.start();
    // On the root: events pass their own logger's level first and reach the root's appenders
    // through additivity, exactly as they reach the console.
    conf.getRootLogger().addAppender(capture, null, null);
    ctx.updateLoggers();
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream out = System.out;
    PrintStream err = System.err;
    System.setOut(new PrintStream(new Tee(out, printed), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(new Tee(err, printed), true, StandardCharsets.UTF_8));
    try {
      T result = action.get();
      return new Captured<>(result, logs + "\n" + printed.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
      conf.getRootLogger().removeAppender("capture");
      ctx.updateLoggers();
      capture.stop();
    }
  }

  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final ByteArrayOutputStream b;

    Tee(OutputStream a, ByteArrayOutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int c) {
      synchronized (b) {
        try {
          a.write(c);
        } catch (java.io.IOException ignored) {
          // the console is best effort
        }
        b.write(c);
      }
    }

    @Override
    public void write(byte[] buf, int off, int len) {
      synchronized (b) {
        try {
          a.write(buf, off, len);
        } catch (java.io.IOException ignored) {
          // the console is best effort
        }
        b.write(buf, off, len);
      }
    }
  }
}
