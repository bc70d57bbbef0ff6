package dev.batchapi.local.emr.run;

import static dev.batchapi.local.emr.EmrFixture.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OsProcessTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private Process process;

    @AfterEach
    void leaveNothingBehind() throws Exception {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aProcessThatStillRunsIsKilledWithItsChildren() throws Exception {
        process = new ProcessBuilder("sh", "-c", "sleep 600 & wait").start();
        eventually(() -> assertThat(process.descendants()).isNotEmpty());
        List<ProcessHandle> children = process.descendants().toList();
        OsProcess remembered = OsProcess.of(process.toHandle()).orElseThrow();

        assertThat(remembered.killIfAlive(WAIT)).isTrue();

        assertThat(process.isAlive()).isFalse();
        for (ProcessHandle child : children) {
            assertThat(child.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
        }
    }

    @Test
    void aPidThatStartedAtAnotherInstantBelongsToSomeoneElseAndIsLeftAlone() throws Exception {
        process = new ProcessBuilder("sleep", "600").start();
        OsProcess remembered = OsProcess.of(process.toHandle()).orElseThrow();
        OsProcess earlierOwnerOfThePid = new OsProcess(remembered.pid(), remembered.start().minusSeconds(1));

        assertThat(earlierOwnerOfThePid.killIfAlive(WAIT)).isFalse();

        assertThat(process.isAlive()).isTrue();
    }

    @Test
    void aProcessAlreadyGoneIsNotKilled() throws Exception {
        // Remembered while it surely runs: a process that ends by itself may be reaped before its start is read.
        process = new ProcessBuilder("sleep", "600").start();
        OsProcess remembered = OsProcess.of(process.toHandle()).orElseThrow();
        process.destroyForcibly();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();

        assertThat(remembered.killIfAlive(WAIT)).isFalse();
    }
}
