package dev.batchapi.local.emr;

import dev.batchapi.local.emr.cluster.ClusterSpec;
import dev.batchapi.local.emr.run.ScriptedStepRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.emr.EmrClient;
import software.amazon.awssdk.services.emr.model.ActionOnFailure;
import software.amazon.awssdk.services.emr.model.HadoopJarStepConfig;
import software.amazon.awssdk.services.emr.model.StepConfig;

/**
 * An emulator with scripted steps, and the real SDK client pointed at it the way the product builds
 * its own. The client retries at once (3 attempts in all), so fault tests stay fast and count exactly.
 */
public final class EmrFixture implements AutoCloseable {

    /** The SDK's standard retry strategy makes at most 3 attempts. */
    public static final int SDK_ATTEMPTS = 3;

    public final ScriptedStepRunner runner;
    public final EmrEmulator emulator;
    public final EmrClient emr;

    /** Scripted steps on the runner's own timer thread. */
    public EmrFixture() {
        this(new ScriptedStepRunner());
    }

    /** Scripted steps on {@code runner}, e.g. one whose timer the test moves by hand. */
    public EmrFixture(ScriptedStepRunner runner) {
        this.runner = runner;
        this.emulator = EmrEmulator.start(runner);
        this.emr = clientFor(emulator);
    }

    /** The SDK client the product would build, pointed at {@code emulator}. */
    public static EmrClient clientFor(EmrEmulator emulator) {
        return EmrClient.builder()
                .endpointOverride(emulator.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(config -> config.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(SDK_ATTEMPTS)
                        .backoffStrategy(BackoffStrategy.retryImmediately())
                        .throttlingBackoffStrategy(BackoffStrategy.retryImmediately())
                        .circuitBreakerEnabled(false)
                        .build()))
                .build();
    }

    /** A WAITING cluster running {@code stepConcurrencyLevel} steps at once. */
    public String cluster(int stepConcurrencyLevel) {
        return emulator.createCluster(ClusterSpec.named("test-cluster").withStepConcurrencyLevel(stepConcurrencyLevel));
    }

    /** A spark-submit step through command-runner.jar, as our product submits batches. */
    public static StepConfig sparkStep(String name) {
        return StepConfig.builder()
                .name(name)
                .actionOnFailure(ActionOnFailure.CONTINUE)
                .hadoopJarStep(HadoopJarStepConfig.builder()
                        .jar("command-runner.jar")
                        .args("spark-submit", "--deploy-mode", "cluster", "s3://bucket/" + name + ".py")
                        .build())
                .build();
    }

    /** Adds one spark step per name, in one AddJobFlowSteps call; returns their ids in order. */
    public List<String> addSteps(String clusterId, String... names) {
        return emr.addJobFlowSteps(request -> request.jobFlowId(clusterId)
                        .steps(Arrays.stream(names).map(EmrFixture::sparkStep).toList()))
                .stepIds();
    }

    public String addStep(String clusterId, String name) {
        return addSteps(clusterId, name).get(0);
    }

    /** The step's state as the emulator holds it, without an EMR call (so call counts stay the product's). */
    public dev.batchapi.local.emr.step.StepState stateOf(String clusterId, String stepId) {
        return emulator.step(clusterId, stepId).state();
    }

    /**
     * A persistent emulator's data directory as a crash would leave it now: its files copied to
     * {@code image}, which a new emulator opens while the old one still holds the original (and still
     * runs, like a step's process that outlived the emulator).
     */
    public static Path crashImage(Path dataDirectory, Path image) {
        try (Stream<Path> files = Files.list(dataDirectory)) {
            Files.createDirectories(image);
            for (Path file : files.toList()) {
                Files.copy(file, image.resolve(file.getFileName()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return image;
    }

    /** Retries {@code assertion} until it holds, for steps the event thread or a real timer moves. */
    public static void eventually(Runnable assertion) {
        eventually(assertion, Duration.ofSeconds(5));
    }

    /** Retries {@code assertion} until it holds or {@code bound} has passed, e.g. for a real job's progress. */
    public static void eventually(Runnable assertion, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw notYet;
                }
            }
        }
    }

    @Override
    public void close() {
        emr.close();
        emulator.close();
    }
}
