package dev.batchapi.batch;

import dev.batchapi.batch.log.BatchLog;
import dev.batchapi.batch.log.BatchLogReader;
import dev.batchapi.batch.log.LogPage;
import dev.batchapi.batch.log.StepLogLocation;
import dev.batchapi.errors.BadRequestException;
import dev.batchapi.errors.ConflictException;
import dev.batchapi.errors.NotFoundException;
import dev.batchapi.telemetry.Metric;
import dev.batchapi.telemetry.Metrics;
import dev.batchapi.telemetry.OpsLog;
import dev.batchapi.text.Echo;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The batch API's use cases and every rule they follow. */
public final class BatchService {

    /** The most log lines one localLog call returns. */
    public static final int MAX_LOG_PAGE = 10_000;

    private final BatchStore store;
    private final BatchEngine engine;
    private final BatchLog log;
    private final BatchLogReader logReader;
    private final BatchProgress progress;
    private final StepSubmitter submitter;
    private final AccessPolicy access;
    private final RuntimeRoles runtimeRoles;
    private final SubmissionPolicy policy;
    private final Clusters clusters;
    private final Dispatcher dispatcher;
    private final ShareLimits limits;
    private final Optional<ResourceUploads> uploads;
    private final BatchRequestValidator validator;
    private final Metrics metrics;
    private final Clock clock;
    private final String instance;

    /**
     * @param uploads where uploaded resource files go; empty when upload is disabled
     * @param instance the kyuubiInstance of new batches; null when this deployment has no such address
     */
    public BatchService(BatchStore store, BatchEngine engine, BatchLog log, BatchLogReader logReader,
            BatchProgress progress, StepSubmitter submitter, AccessPolicy access, RuntimeRoles runtimeRoles,
            Optional<ResourceUploads> uploads,
            Clock clock, String instance, SubmissionPolicy policy, Clusters clusters, Dispatcher dispatcher,
            ShareLimits limits, Metrics metrics) {
        this.store = store;
        this.engine = engine;
        this.log = log;
        this.logReader = logReader;
        this.progress = progress;
        this.submitter = submitter;
        this.access = access;
        this.runtimeRoles = runtimeRoles;
        this.policy = policy;
        this.clusters = clusters;
        this.dispatcher = dispatcher;
        this.limits = limits;
        this.uploads = uploads;
        this.validator = new BatchRequestValidator();
        this.metrics = metrics;
        this.clock = clock;
        this.instance = instance;
    }

    /**
     * Creates a batch and submits it, or queues it if its cluster or its user's share has no room.
     * Crash safe: the PENDING record is written first (only if its id is new) with its slot or its
     * place in the queue, then the step named after the id is added, then the step id is recorded;
     * the sync repairs whatever a crash in between leaves: it attaches the step it finds by that
     * name, or submits the batch itself.
     *
     * @param upload the files sent with the request (Kyuubi's multipart create); empty for a JSON create
     */
    public CreateResult create(Caller caller, BatchRequest request, Optional<Upload> upload) {
        upload.ifPresent(files -> checkUploadsEnabled());
        Submission submission = validator.validate(
                upload.map(files -> request.withResource(files.resource().fileName())).orElse(request));
        policy.check(submission, upload.isPresent());
        String clusterId = clusters.idFor(submission.setting(ApiSetting.CLUSTER));
        runtimeRoles.checkConfines(submission.type());
        List<ResourceFile> files = filesToStore(submission, upload);
        String user = access.actingUser(caller, submission.proxyUser());
        // Refused (403) before anything is stored; the submit asks again for the role it runs under.
        runtimeRoles.roleFor(user);
        Optional<Batch> existing = submission.batchId().flatMap(store::get);
        if (existing.isPresent()) {
            return duplicate(caller, existing.get());
        }
        String id = submission.batchId().orElseGet(BatchIds::newId);
        BatchSpec spec = withUploadedLocations(user, id, submission, upload);
        Batch batch = Batch.pending(id, user, submission.type(), submission.name(), spec, instance, clock.millis(),
                clusterId, RunLimits.of(submission.settings()));
        engine.check(batch);
        // Stored before the record: a batch never points at a file that is not there.
        try {
            files.forEach(file -> uploads.get().store(user, id, file.fileName(), file.content()));
        } catch (UploadExistsException e) {
            return uploadedBefore(caller, id);
        }
        Admission admission = store.admit(batch, limits);
        if (admission == Admission.DUPLICATE) {
            // A concurrent submit with the same kyuubi.batch.id wrote it first: that one submits.
            return duplicate(caller, store.require(batch.id()));
        }
        OpsLog.info("batch.created", "batchId", batch.id(), "user", user, "caller", caller.user(),
                "batchType", batch.batchType(), "clusterId", batch.clusterId(), "admission", admission);
        metrics.put(Metric.BATCHES_CREATED, 1);
        log.append(batch.id(), "Batch received from " + describeCaller(caller, user) + ": " + batch.batchType()
                + " " + Redaction.resource(batch.spec().resource())
                + (batch.spec().className() == null ? "" : ", class " + batch.spec().className()));
        if (admission == Admission.STARTED) {
            Batch submitted = submitter.submit(batch.placed(Placement.ADMITTED, 0), StepSubmitter.Origin.CREATE);
            if (submitted.isTerminal()) {
                // Refused: the slot it took is free again.
                dispatcher.fillNow(clusterId);
            }
            return new CreateResult(submitted, false);
        }
        // Queued: behind others, or for want of room. Whatever room there is goes to whoever is next.
        dispatcher.fillAfterQueueing(batch);
        Batch current = store.require(batch.id());
        if (current.isQueued()) {
            String reason = FairShare.reason(store.load(clusterId, user), user, limits);
            OpsLog.info("batch.queued", "batchId", batch.id(), "user", user, "clusterId", clusterId, "reason", reason);
            log.append(batch.id(), "Queued for cluster " + clusters.labelOf(clusterId) + ": " + reason);
        }
        return new CreateResult(current, false);
    }

    /**
     * What a batch's {@code batchInfo} says beyond Kyuubi's fields, as GET answers it: for a queued
     * batch, why it waits and how full its cluster and its user's share are (two reads, however long
     * the queue), then what it was submitted with ({@link SubmittedInfo}; nothing for a batch read
     * from a listing).
     */
    public Map<String, String> batchInfo(Batch batch) {
        Map<String, String> info = new LinkedHashMap<>();
        if (batch.isQueued()) {
            putQueueFacts(batch, info);
        }
        info.putAll(SubmittedInfo.of(batch, clusters));
        return info;
    }

    private void putQueueFacts(Batch batch, Map<String, String> info) {
        ClusterLoad load = store.load(batch.clusterId(), batch.user());
        ClusterLoad.UserShare share = load.user(batch.user());
        info.put("queue.state", "QUEUED");
        info.put("queue.reason", FairShare.reason(load, batch.user(), limits));
        info.put("queue.cluster", clusters.labelOf(batch.clusterId()));
        info.put("queue.clusterActiveSteps", load.active() + " of " + limits.maxActive(batch.clusterId()));
        info.put("queue.clusterQueuedBatches", Integer.toString(load.queued()));
        info.put("queue.userActiveSteps", share.active()
                + (limits.perUser().isPresent() ? " of " + limits.perUser().getAsInt() : ""));
        info.put("queue.userQueuedBatches", Integer.toString(share.queued()));
        batch.scheduling().limits().queueDeadline(batch.createTime())
                .ifPresent(deadline -> info.put("queue.deadline", Instant.ofEpochMilli(deadline).toString()));
    }

    /**
     * The uploaded files, each checked: the resource as what its batch type runs, every extra one
     * named by the request's extraResourcesMap, and every file that map names uploaded. A file sent
     * but not used would be lost without a word: it is refused instead.
     */
    private static List<ResourceFile> filesToStore(Submission submission, Optional<Upload> upload) {
        Set<String> named = new TreeSet<>();
        submission.extraResources().values().forEach(named::addAll);
        if (upload.isEmpty()) {
            if (!named.isEmpty()) {
                throw new BadRequestException("extraResourcesMap names files to upload [" + Echo.joined(named, ", ") + "]"
                        + ": send them with the request as parts of a multipart/form-data create");
            }
            return List.of();
        }
        ResourceFile resource = upload.get().resource();
        resource.checkAsResource(submission.type());
        List<ResourceFile> files = new ArrayList<>(List.of(resource));
        Set<String> sent = new TreeSet<>();
        for (ResourceFile extra : upload.get().extras()) {
            if (!named.contains(extra.fileName())) {
                throw new BadRequestException("The part " + Echo.of(extra.fileName()) + " is not used: a create takes"
                        + " batchRequest, resourceFile and the files extraResourcesMap names under the conf key that"
                        + " lists them");
            }
            extra.checkStorable("extra resource file");
            if (extra.fileName().equals(resource.fileName())) {
                throw new BadRequestException("extra resource file " + extra.fileName()
                        + " has the name of resourceFile: give it another");
            }
            sent.add(extra.fileName());
            files.add(extra);
        }
        named.removeAll(sent);
        if (!named.isEmpty()) {
            // Kyuubi's words (BatchesResource.openBatchSessionWithUpload).
            throw new BadRequestException("required extra resource files [" + Echo.joined(named, ",")
                    + "] are not uploaded in the multipart form data");
        }
        return files;
    }

    /** The spec with the uploaded files' locations: the resource, and each extra resource in its conf key. */
    private BatchSpec withUploadedLocations(String user, String id, Submission submission, Optional<Upload> upload) {
        if (upload.isEmpty()) {
            return submission.spec();
        }
        BatchSpec spec = submission.spec().withResource(
                uploads.get().locate(user, id, upload.get().resource().fileName()));
        for (Map.Entry<String, List<String>> extra : submission.extraResources().entrySet()) {
            spec = spec.withConfListed(extra.getKey(),
                    extra.getValue().stream().map(fileName -> uploads.get().locate(user, id, fileName)).toList());
        }
        return spec;
    }

    /** Refuses, in Kyuubi's words, when this deployment takes no uploads. */
    public void checkUploadsEnabled() {
        if (uploads.isEmpty()) {
            throw new BadRequestException("Batch resource upload function is disabled.");
        }
    }

    public Batch get(Caller caller, String batchId) {
        Batch batch = find(batchId);
        access.checkMayRead(caller, batch);
        return batch;
    }

    public List<Batch> list(ListQuery query) {
        return query.matchesNothing() ? List.of() : store.list(query);
    }

    /**
     * Kills a batch that is not terminal: cancels its step (a pending one is gone at once, a running
     * one is interrupted and confirmed CANCELED when EMR reports it). A batch whose step was never
     * recorded is cancelled through the step found by its name, or directly if there is none.
     * Of concurrent kills exactly one claims the batch and may answer success; the others hear that
     * it is already being stopped. A kill that does not stop the batch gives its claim up.
     */
    public KillResult kill(Caller caller, String batchId, Optional<String> proxyUser) {
        Batch batch = find(batchId);
        String actingUser = access.actingUser(caller, proxyUser.filter(user -> !user.isBlank()));
        access.checkMayKill(caller, actingUser, batch);
        if (batch.isTerminal()) {
            return alreadyTerminal(batch);
        }
        Optional<Batch> claimed = claim(batch.id(), actingUser);
        if (claimed.isEmpty()) {
            return claimedBefore(store.require(batch.id()));
        }
        log.append(batch.id(), "Kill requested by " + describeCaller(caller, actingUser));
        OpsLog.info("batch.kill.requested", "batchId", batch.id(), "user", actingUser, "caller", caller.user(),
                "stepId", batch.stepId());
        KillResult result;
        try {
            result = stop(claimed.get(), actingUser);
        } catch (RuntimeException e) {
            store.releaseKill(batch.id(), actingUser);
            throw e;
        }
        if (!result.success()) {
            store.releaseKill(batch.id(), actingUser);
        } else if (claimed.get().scheduling().placement() == Placement.ADMITTED
                && store.require(batch.id()).isTerminal()) {
            // Its slot is free now: the next queued batch takes it in this same call.
            dispatcher.fillNow(batch.clusterId());
        }
        return result;
    }

    /**
     * The claim of the batch's kill for this user; empty if another kill holds it or the batch ended.
     * A claim that another kill gave up between our try and our look is tried for once more.
     */
    private Optional<Batch> claim(String batchId, String user) {
        Optional<Batch> claimed = store.claimKill(batchId, user, clock.millis());
        if (claimed.isPresent()) {
            return claimed;
        }
        Batch current = store.require(batchId);
        return current.isTerminal() || current.killRequestedBy() != null
                ? Optional.empty()
                : store.claimKill(batchId, user, clock.millis());
    }

    private KillResult stop(Batch batch, String actingUser) {
        if (batch.stepId() != null) {
            return cancelStep(batch);
        }
        if (batch.isQueued()) {
            // Never dispatched, and now never will be: the dispatcher's claim requires no kill claim.
            return cancelUnsubmitted(batch, actingUser);
        }
        StepStatus found = engine.findSteps(batch.clusterId(), List.of(batch)).get(batch.id());
        if (found == null) {
            return cancelUnsubmitted(batch, actingUser);
        }
        Batch withStep = progress.attach(batch, found, engine.appUrl(batch.clusterId(), found.stepId()));
        return withStep.isTerminal() ? alreadyTerminal(withStep) : cancelStep(withStep);
    }

    private KillResult cancelStep(Batch batch) {
        CancelOutcome outcome = engine.cancel(batch.clusterId(), batch.stepId());
        StepStatus step;
        try {
            step = engine.status(batch.clusterId(), batch.stepId());
        } catch (StepNotFoundException e) {
            return new KillResult(false, "EMR no longer knows step " + batch.stepId() + " of batch " + batch.id()
                    + ", so there is nothing to stop; the state sync ends the batch");
        }
        Batch after = progress.follow(batch, step);
        if (step.state() == StepState.CANCELLED) {
            return new KillResult(true, "Succeeded to terminate: step " + step.stepId() + " of batch "
                    + batch.id() + " is cancelled");
        }
        if (step.state().isTerminal() || after.isTerminal()) {
            return alreadyTerminal(after);
        }
        if (!outcome.submitted()) {
            return new KillResult(false, "EMR refused to cancel step " + step.stepId() + ": " + outcome.reason());
        }
        return new KillResult(true, "Succeeded to request termination: step " + step.stepId()
                + " is being interrupted; the batch turns CANCELED when EMR reports the step cancelled");
    }

    /**
     * Lines of the batch's log: the API's lines, then the step's output once EMR has it; {@code from < 0}
     * continues after this caller's previous read.
     */
    public List<String> localLog(Caller caller, String batchId, int from, int size) {
        if (size < 0) {
            // As list's: Kyuubi's size=-1 ("all") is not offered; above the page limit, the limit is served.
            throw new BadRequestException("Invalid size " + size + ": size must not be negative (a page holds at most "
                    + MAX_LOG_PAGE + " lines)");
        }
        Batch batch = find(batchId);
        access.checkMayRead(caller, batch);
        long start = from < 0 ? log.cursor(batch.id(), caller.user()) : from;
        Optional<BatchLogReader.Step> step = Optional.ofNullable(batch.stepId()).map(stepId -> new BatchLogReader.Step(
                stepId, batch.isTerminal(), () -> engine.logUri(batch.clusterId())
                        .map(logUri -> new StepLogLocation(logUri, batch.clusterId(), stepId))));
        // Fewer lines than asked when they would not fit one answer: the cursor moves past those returned only.
        List<String> lines = LogPage.fit(logReader.read(batch.id(), step, start, Math.min(size, MAX_LOG_PAGE)));
        if (!lines.isEmpty()) {
            log.moveCursor(batch.id(), caller.user(), start + lines.size());
        }
        return lines;
    }

    private KillResult cancelUnsubmitted(Batch batch, String actingUser) {
        if (progress.cancelUnsubmitted(batch, actingUser).isEmpty()) {
            // It got its step, or ended, in the meantime: by this kill's claim, if a dispatcher carried it out.
            Batch current = store.require(batch.id());
            if (current.state() == BatchState.CANCELED && actingUser.equals(current.killRequestedBy())
                    && current.stepId() == null) {
                return canceledUnsubmitted(batch);
            }
            if (current.isTerminal()) {
                return alreadyTerminal(current);
            }
            return current.stepId() == null
                    ? new KillResult(false, "batch " + batch.id() + " was getting its step as it was killed, so this"
                            + " call did not stop it: kill it again in a moment")
                    : cancelStep(current);
        }
        return canceledUnsubmitted(batch);
    }

    private static KillResult canceledUnsubmitted(Batch batch) {
        return new KillResult(true, "Succeeded to terminate: batch " + batch.id() + " was canceled before it was submitted"
                + (batch.isQueued() ? " (it was queued)" : ""));
    }

    /**
     * Another create of this batch id stored its files first: it is that batch, if recorded; if not,
     * that create is still under way, or died between its files and its record, and this one cannot
     * tell which.
     */
    private CreateResult uploadedBefore(Caller caller, String id) {
        return duplicate(caller, store.get(id).orElseThrow(() -> new ConflictException("The files of batch " + id
                + " were uploaded by another create with the same " + ReservedConf.BATCH_ID + " that has not recorded"
                + " the batch: it is still under way (retry in a few seconds) or it failed (submit with a new "
                + ReservedConf.BATCH_ID + ")")));
    }

    /**
     * The existing batch a re-submit answers with. Its answer shows what GET shows, so it takes GET's
     * read rule: with owner-or-admin reads, a kyuubi.batch.id is no way into another user's batch.
     */
    private CreateResult duplicate(Caller caller, Batch batch) {
        access.checkMayRead(caller, batch);
        OpsLog.info("batch.duplicated", "batchId", batch.id(), "user", batch.user());
        return new CreateResult(batch, true);
    }

    /** Another kill claimed the batch first: it stops the batch, or stopped it already. */
    private static KillResult claimedBefore(Batch batch) {
        if (batch.isTerminal()) {
            return alreadyTerminal(batch);
        }
        String by = batch.killRequestedBy() == null ? "another call" : batch.killRequestedBy();
        return new KillResult(false, "batch " + batch.id() + " is already being stopped (kill requested by " + by
                + "), so this call did not stop it");
    }

    private static KillResult alreadyTerminal(Batch batch) {
        // Kyuubi's words (BatchesResource.closeBatchSession).
        return new KillResult(false, "batch " + batch.id() + " is already terminal so can not kill it.");
    }

    private Batch find(String rawId) {
        return BatchIds.normalise(rawId)
                .flatMap(store::get)
                .orElseThrow(() -> new NotFoundException("Invalid batchId: " + Echo.of(rawId)));
    }

    private static String describeCaller(Caller caller, String actingUser) {
        return caller.user().equals(actingUser) ? actingUser : caller.user() + " as " + actingUser;
    }
}
