package dev.batchapi.engine.emr;

import dev.batchapi.batch.Batch;
import dev.batchapi.batch.BatchEngine;
import dev.batchapi.batch.CancelOutcome;
import dev.batchapi.batch.ClusterStatus;
import dev.batchapi.batch.EngineUnavailableException;
import dev.batchapi.batch.StepFailure;
import dev.batchapi.batch.StepNotFoundException;
import dev.batchapi.batch.StepState;
import dev.batchapi.batch.StepOwner;
import dev.batchapi.batch.StepStatus;
import dev.batchapi.batch.SubmissionRejectedException;
import dev.batchapi.batch.SubmittedStep;
import dev.batchapi.errors.BadRequestException;
import dev.batchapi.errors.ThrottledException;
import dev.batchapi.telemetry.OpsLog;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.emr.EmrClient;
import software.amazon.awssdk.services.emr.model.ActionOnFailure;
import software.amazon.awssdk.services.emr.model.CancelStepsInfo;
import software.amazon.awssdk.services.emr.model.FailureDetails;
import software.amazon.awssdk.services.emr.model.ListStepsResponse;
import software.amazon.awssdk.services.emr.model.StepCancellationOption;
import software.amazon.awssdk.services.emr.model.StepConfig;
import software.amazon.awssdk.services.emr.model.StepSummary;
import software.amazon.awssdk.services.emr.model.StepTimeline;

/** Batches as EMR steps: spark-submit or flink run through command-runner.jar. */
public final class EmrBatchEngine implements BatchEngine {

    /** EMR lists at most 1000 steps of a cluster, 50 per page. */
    private static final int PAGE_SIZE = 50;
    private static final int MAX_LIST_PAGES = 20;
    private static final List<StepState> ACTIVE_STATES =
            Arrays.stream(StepState.values()).filter(state -> !state.isTerminal()).toList();
    private static final List<StepState> ENDED_STATES =
            Arrays.stream(StepState.values()).filter(StepState::isTerminal).toList();

    private final Supplier<EmrClient> emr;
    private final StepLinks links;
    private final Map<String, String> logUris = new ConcurrentHashMap<>();

    /** @param emr the client, built on the first call that needs it */
    public EmrBatchEngine(Supplier<EmrClient> emr, StepLinks links) {
        this.emr = emr;
        this.links = links;
    }

    @Override
    public void check(Batch batch) {
        int length = StepCommand.totalLength(StepCommand.args(batch));
        if (length > StepCommand.MAX_TOTAL_LENGTH) {
            throw new BadRequestException("The batch's step command would be " + length
                    + " characters long; EMR accepts at most " + StepCommand.MAX_TOTAL_LENGTH
                    + " (shorten conf, args or name)");
        }
    }

    @Override
    public SubmittedStep submit(Batch batch, Optional<String> runtimeRole) {
        StepConfig step = StepConfig.builder()
                .name(StepName.of(batch.id(), batch.scheduling().attempt(), batch.name()))
                // Never let one batch's failure stop or terminate the shared cluster; CONTINUE is
                // also the only action EMR allows when StepConcurrencyLevel is above 1.
                .actionOnFailure(ActionOnFailure.CONTINUE)
                .hadoopJarStep(jar -> jar.jar(StepCommand.COMMAND_RUNNER).args(StepCommand.args(batch)))
                .build();
        try {
            String stepId = emr.get().addJobFlowSteps(request -> request.jobFlowId(batch.clusterId()).steps(step)
                            .executionRoleArn(runtimeRole.orElse(null)))
                    .stepIds().get(0);
            return new SubmittedStep(batch.clusterId(), stepId);
        } catch (AwsServiceException e) {
            // Throttled past the SDK's retries: EMR did not add the step, and would later. The batch
            // keeps its slot and the sync submits it again after the grace (looking by name first).
            if (e.statusCode() >= 500 || e.isThrottlingException()) {
                throw unavailable("AddJobFlowSteps", e);
            }
            // Any other 4xx answer (invalid, cluster not accepting steps, too many active steps)
            // means EMR did not add the step, and will not.
            if (isAccessDenied(e)) {
                // IAM's words name the account, the function's role and the runtime role: the
                // operator's log gets them, the batch's owner a reason without them.
                OpsLog.warn("emr.step.denied", e, "batchId", batch.id(), "clusterId", batch.clusterId());
                throw new SubmissionRejectedException("EMR refused the step: this deployment is not allowed to submit it"
                        + runtimeRole.map(role -> " under its runtime role").orElse("") + " (see the service log)", e);
            }
            throw new SubmissionRejectedException("EMR refused the step: " + describe(e), e);
        } catch (SdkException e) {
            throw unavailable("AddJobFlowSteps", e);
        }
    }

    @Override
    public StepStatus status(String clusterId, String stepId) {
        try {
            var step = emr.get().describeStep(request -> request.clusterId(clusterId).stepId(stepId)).step();
            return toStatus(clusterId, step.id(), step.name(), step.status());
        } catch (software.amazon.awssdk.services.emr.model.InvalidRequestException e) {
            throw new StepNotFoundException("EMR does not know step " + stepId + " on cluster " + clusterId
                    + ": " + describe(e), e);
        } catch (SdkException e) {
            throw fault("DescribeStep", e);
        }
    }

    @Override
    public ClusterStatus cluster(String clusterId) {
        try {
            var status = emr.get().describeCluster(request -> request.clusterId(clusterId)).cluster().status();
            var reason = status.stateChangeReason();
            return new ClusterStatus(clusterId, status.stateAsString(), reason == null ? null : reason.message());
        } catch (software.amazon.awssdk.services.emr.model.InvalidRequestException e) {
            return new ClusterStatus(clusterId, ClusterStatus.UNKNOWN, describe(e));
        } catch (SdkException e) {
            throw fault("DescribeCluster", e);
        }
    }

    /**
     * Two listings: the active steps, all pages (each holds 50); then, for batches still unmatched
     * (their steps ended since last seen), the ended steps newest first, only as many pages as those
     * batches could fill plus one. So the calls grow with the batches sought, not with the cluster's
     * history; a step older than that is left for a DescribeStep by the caller.
     */
    @Override
    public Map<String, StepStatus> findSteps(String clusterId, Collection<Batch> batches) {
        StepMatcher matcher = new StepMatcher(batches);
        try {
            list(clusterId, ACTIVE_STATES, MAX_LIST_PAGES, matcher);
            if (!matcher.allFound()) {
                int pages = (matcher.sought() + PAGE_SIZE - 1) / PAGE_SIZE + 1;
                list(clusterId, ENDED_STATES, Math.min(pages, MAX_LIST_PAGES), matcher);
            }
        } catch (software.amazon.awssdk.services.emr.model.InvalidRequestException e) {
            // EMR no longer knows the cluster: none of its steps can be found.
        } catch (SdkException e) {
            throw fault("ListSteps", e);
        }
        return matcher.found();
    }

    private void list(String clusterId, List<StepState> states, int maxPages, StepMatcher matcher) {
        String marker = null;
        for (int page = 0; page < maxPages && !matcher.allFound(); page++) {
            String pageMarker = marker;
            ListStepsResponse response = emr.get().listSteps(request -> request
                    .clusterId(clusterId)
                    .stepStatesWithStrings(states.stream().map(Enum::name).toList())
                    .marker(pageMarker));
            for (StepSummary step : response.steps()) {
                matcher.offer(toStatus(clusterId, step.id(), step.name(), step.status()));
            }
            marker = response.marker();
            if (marker == null) {
                return;
            }
        }
    }

    @Override
    public Optional<String> logUri(String clusterId) {
        String known = logUris.get(clusterId);
        if (known != null) {
            return Optional.of(known);
        }
        try {
            Optional<String> logUri = Optional.ofNullable(
                    emr.get().describeCluster(request -> request.clusterId(clusterId)).cluster().logUri());
            // A cluster's LogUri is fixed when it is created: asked once per container.
            logUri.ifPresent(uri -> logUris.put(clusterId, uri));
            return logUri;
        } catch (software.amazon.awssdk.services.emr.model.InvalidRequestException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw fault("DescribeCluster", e);
        }
    }

    @Override
    public Optional<StepOwner> owner(String stepName) {
        return StepName.owner(stepName);
    }

    @Override
    public String appUrl(String clusterId, String stepId) {
        return links.url(clusterId, stepId);
    }

    @Override
    public CancelOutcome cancel(String clusterId, String stepId) {
        try {
            List<CancelStepsInfo> answers = emr.get().cancelSteps(request -> request
                    .clusterId(clusterId)
                    .stepIds(stepId)
                    // SIGTERM lets spark-submit stop its application; the step is CANCELLED once it exits.
                    .stepCancellationOption(StepCancellationOption.SEND_INTERRUPT))
                    .cancelStepsInfoList();
            return answers.stream()
                    .filter(info -> stepId.equals(info.stepId()))
                    .findFirst()
                    .map(info -> new CancelOutcome("SUBMITTED".equals(info.statusAsString()), info.reason()))
                    .orElse(new CancelOutcome(false, "EMR did not answer for step " + stepId));
        } catch (software.amazon.awssdk.services.emr.model.InvalidRequestException e) {
            return new CancelOutcome(false, describe(e));
        } catch (SdkException e) {
            throw fault("CancelSteps", e);
        }
    }

    private static StepStatus toStatus(
            String clusterId, String stepId, String name, software.amazon.awssdk.services.emr.model.StepStatus status) {
        FailureDetails details = status.failureDetails();
        StepFailure failure = details == null || (details.reason() == null && details.message() == null)
                ? null
                : new StepFailure(details.reason(), details.message(), details.logFile());
        StepTimeline timeline = status.timeline();
        return new StepStatus(clusterId, stepId, name, StepState.valueOf(status.stateAsString()), failure,
                millis(timeline == null ? null : timeline.startDateTime()),
                millis(timeline == null ? null : timeline.endDateTime()));
    }

    private static long millis(Instant instant) {
        return instant == null ? 0 : instant.toEpochMilli();
    }

    /** Throttling beyond the SDK's retries is the caller's to retry; anything else is our fault. */
    private static RuntimeException fault(String operation, SdkException e) {
        if (e instanceof AwsServiceException service && service.isThrottlingException()) {
            return new ThrottledException("EMR is throttling requests; try again in a few seconds");
        }
        return unavailable(operation, e);
    }

    private static EngineUnavailableException unavailable(String operation, SdkException e) {
        return new EngineUnavailableException("EMR " + operation + " failed: " + e.getMessage(), e);
    }

    private static boolean isAccessDenied(AwsServiceException e) {
        return e.statusCode() == 403 || (e.awsErrorDetails() != null
                && String.valueOf(e.awsErrorDetails().errorCode()).startsWith("AccessDenied"));
    }

    /**
     * EMR's own words for a refusal, for a batch's owner to read. Not the error code: EMR's codes
     * (InvalidRequestException, ValidationException) are the SDK's exception class names, and no
     * answer names a class. Without words, the HTTP status says what kind of refusal it was.
     */
    private static String describe(AwsServiceException e) {
        var details = e.awsErrorDetails();
        String message = details == null ? null : details.errorMessage();
        String words = message == null || message.isBlank() ? "EMR answered HTTP " + e.statusCode() : message;
        return e.isThrottlingException() ? "EMR is throttling requests: " + words : words;
    }
}
