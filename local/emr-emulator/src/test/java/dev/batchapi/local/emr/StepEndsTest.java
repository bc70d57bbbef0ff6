package dev.batchapi.local.emr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.local.emr.step.StepEventDispatcher;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StepEndsTest {

    private static final Logger DISPATCHER_LOG = Logger.getLogger(StepEventDispatcher.class.getName());

    private final EmrFixture fixture = new EmrFixture();
    private final List<LogRecord> listenerFailures = new CopyOnWriteArrayList<>();
    private final Handler failures = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                listenerFailures.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listenToTheDispatchersLog() {
        DISPATCHER_LOG.addHandler(failures);
    }

    @AfterEach
    void close() {
        DISPATCHER_LOG.removeHandler(failures);
        fixture.close();
    }

    @Test
    void theEndOfAnotherClustersStepIsIgnoredWithoutFailingOnTheEventThread() {
        String watched = fixture.cluster(1);
        String other = fixture.cluster(1);
        StepEnds ends = new StepEnds(fixture.emulator, watched, Duration.ofSeconds(10));
        String otherStep = fixture.addStep(other, "other");
        String watchedStep = fixture.addStep(watched, "watched");

        fixture.runner.completeStep(other, otherStep);
        fixture.runner.completeStep(watched, watchedStep);
        ends.await(watchedStep);

        // Events are delivered one at a time, in order: the other cluster's end was heard before this one's.
        assertThat(listenerFailures).extracting(LogRecord::getMessage).isEmpty();
    }
}
