package dev.batchapi.local.server;

import dev.batchapi.json.Json;
import dev.batchapi.local.awsjson.DaemonThreads;
import dev.batchapi.local.emr.step.StepEvent;
import dev.batchapi.telemetry.OpsLog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * EventBridge, locally: runs each function that has a schedule at its rate, or at the period the
 * stack is given instead (the template's one schedule is the state sync's, whose SyncSchedule
 * EventBridge cannot set below a minute), and delivers each EMR step state change to the functions whose rule takes "EMR Step Status Change" events from aws.emr,
 * in the event shape EventBridge uses. Deliveries are asynchronous and one at a time, as a rule's
 * target sees them.
 */
final class LocalEventBridge implements AutoCloseable {

    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours|day|days)\\)");

    private final ScheduledExecutorService schedules = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("local-eventbridge-schedules"));
    private final ExecutorService deliveries = Executors.newSingleThreadExecutor(
            DaemonThreads.named("local-eventbridge-events"));
    private final List<LocalFunction> stepEventTargets = new ArrayList<>();

    /** @param every when given, the period of every schedule, in place of its rate */
    LocalEventBridge(List<LocalFunction> functions, Optional<Duration> every) {
        for (LocalFunction function : functions) {
            for (String expression : function.declared().schedules()) {
                Duration period = every.orElseGet(() -> rate(expression));
                // First run at once: it settles what a previous run of the stack left unfinished.
                schedules.scheduleAtFixedRate(() -> deliver(function, scheduledEvent(function)),
                        0, period.toMillis(), TimeUnit.MILLISECONDS);
            }
            if (function.declared().eventPatterns().stream().anyMatch(LocalEventBridge::takesStepStatusChanges)) {
                stepEventTargets.add(function);
            }
        }
    }

    /** An EMR step changed state: its rule's targets hear of it, shortly. */
    void stepChanged(StepEvent step) {
        String event = Json.write(envelope("EMR Step Status Change", "aws.emr", List.of(), Map.of(
                "severity", step.state().isTerminal() && !step.state().name().equals("COMPLETED") ? "WARN" : "INFO",
                "actionOnFailure", "CONTINUE",
                "stepId", step.stepId(),
                "name", step.stepName(),
                "clusterId", step.clusterId(),
                "state", step.state().name(),
                "message", step.message())));
        stepEventTargets.forEach(function -> deliveries.execute(() -> deliver(function, event)));
    }

    @Override
    public void close() {
        schedules.shutdownNow();
        deliveries.shutdownNow();
    }

    private static void deliver(LocalFunction function, String event) {
        try {
            function.invoke(event);
        } catch (RuntimeException e) {
            OpsLog.warn("eventbridge.delivery.failed", e, "function", function.declared().logicalId());
        }
    }

    private static String scheduledEvent(LocalFunction function) {
        return Json.write(envelope("Scheduled Event", "aws.events",
                List.of("arn:aws:events:us-east-1:000000000000:rule/local-" + function.declared().logicalId()), Map.of()));
    }

    private static Map<String, Object> envelope(String detailType, String source, List<String> resources, Map<String, Object> detail) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", detailType);
        event.put("source", source);
        event.put("account", "000000000000");
        event.put("time", Instant.now().toString());
        event.put("region", "us-east-1");
        event.put("resources", resources);
        event.put("detail", detail);
        return event;
    }

    private static boolean takesStepStatusChanges(Map<String, Object> pattern) {
        return String.valueOf(pattern.get("source")).contains("aws.emr")
                && String.valueOf(pattern.get("detail-type")).contains("EMR Step Status Change");
    }

    /** EventBridge's rate expressions; the local stack does not read cron expressions. */
    static Duration rate(String expression) {
        Matcher matcher = RATE.matcher(expression.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("the local stack runs rate(...) schedules only, not " + expression);
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "minute", "minutes" -> Duration.ofMinutes(amount);
            case "hour", "hours" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }
}
