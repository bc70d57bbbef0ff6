package dev.batchapi.support;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What each test prints on stdout, where the functions write the operator log and their metrics:
 * kept for the test to read, and still printed (to the test's output file).
 */
public final class CapturedStdout implements BeforeEachCallback, AfterEachCallback {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private PrintStream original;

    @Override
    public void beforeEach(ExtensionContext context) {
        original = System.out;
        printed.reset();
        PrintStream tee = original;
        System.setOut(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                tee.write(b);
                synchronized (printed) {
                    printed.write(b);
                }
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                tee.write(bytes, offset, length);
                synchronized (printed) {
                    printed.write(bytes, offset, length);
                }
            }
        }, true, StandardCharsets.UTF_8));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        System.setOut(original);
    }

    /** The lines printed so far in this test. */
    public List<String> lines() {
        synchronized (printed) {
            return printed.toString(StandardCharsets.UTF_8).lines().toList();
        }
    }

    /** The metrics written so far in this test. */
    public List<EmittedMetric> metrics() {
        return EmittedMetric.in(lines());
    }
}
