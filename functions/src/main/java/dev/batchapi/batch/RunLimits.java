package dev.batchapi.batch;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The bounds a batch asked for with its {@code batchapi.*} settings: how many attempts its steps
 * get, how long a step may run and how long the batch may wait in the queue (0: no limit).
 */
public record RunLimits(int maxAttempts, long executionTimeoutSeconds, long queueTimeoutSeconds) {

    public static final int MAX_ATTEMPTS = 10;
    /** A year: any longer bound is no bound, and this keeps deadline arithmetic far from overflow. */
    public static final long MAX_SECONDS = 31_536_000;
    /** EMR Serverless's default queue timeout, 360 minutes. */
    public static final long DEFAULT_QUEUE_TIMEOUT_SECONDS = 21_600;
    public static final RunLimits DEFAULT = new RunLimits(1, 0, DEFAULT_QUEUE_TIMEOUT_SECONDS);

    /** The limits the settings ask for, each absent one at its default. */
    public static RunLimits of(Map<ApiSetting, String> settings) {
        return new RunLimits(
                setting(settings, ApiSetting.MAX_ATTEMPTS).map(Long::intValue).orElse(DEFAULT.maxAttempts),
                setting(settings, ApiSetting.EXECUTION_TIMEOUT_SECONDS).orElse(DEFAULT.executionTimeoutSeconds),
                setting(settings, ApiSetting.QUEUE_TIMEOUT_SECONDS).orElse(DEFAULT.queueTimeoutSeconds));
    }

    /** When a batch created at {@code createTime} has waited too long in the queue; empty: never. */
    public Optional<Long> queueDeadline(long createTime) {
        return queueTimeoutSeconds == 0 ? Optional.empty() : Optional.of(createTime + queueTimeoutSeconds * 1000);
    }

    /** When a step that started at {@code startTime} has run too long; empty: never, or it has not started. */
    public Optional<Long> executionDeadline(long startTime) {
        return executionTimeoutSeconds == 0 || startTime <= 0
                ? Optional.empty()
                : Optional.of(startTime + executionTimeoutSeconds * 1000);
    }

    /** The execution limit as the batch set it, e.g. {@code batchapi.executionTimeoutSeconds=30 (30s)}. */
    public String executionLimit() {
        return ApiSetting.EXECUTION_TIMEOUT_SECONDS.key() + "=" + executionTimeoutSeconds + " ("
                + words(executionTimeoutSeconds) + ")";
    }

    /** The diagnostic of a batch stopped at its execution limit. */
    public String executionTimeoutDiagnostic() {
        return "Stopped: its step ran longer than " + executionLimit() + ", so it was cancelled";
    }

    /** The diagnostic of a batch that waited in the queue past its limit. */
    public String queueTimeoutDiagnostic(String reason) {
        return "Never started: it waited in the queue longer than " + ApiSetting.QUEUE_TIMEOUT_SECONDS.key() + "="
                + queueTimeoutSeconds + " (" + words(queueTimeoutSeconds) + "); it was queued: " + reason;
    }

    private static String words(long seconds) {
        return Duration.ofSeconds(seconds).toString().substring(2).toLowerCase(Locale.ROOT);
    }

    private static Optional<Long> setting(Map<ApiSetting, String> settings, ApiSetting setting) {
        return Optional.ofNullable(settings.get(setting)).map(setting::number);
    }
}
