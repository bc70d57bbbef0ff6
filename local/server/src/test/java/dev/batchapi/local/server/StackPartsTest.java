package dev.batchapi.local.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StackPartsTest {

    private final StackParts parts = new StackParts();
    private final List<String> closed = new CopyOnWriteArrayList<>();

    private AutoCloseable part(String name) {
        return () -> closed.add(name);
    }

    @Test
    void thePartsCloseNewestFirstEachEvenIfOneBeforeFailsAndOnlyOnce() throws IOException {
        parts.open(opened -> {
            opened.add(part("http"));
            opened.add(() -> {
                closed.add("dynamodb");
                throw new IllegalStateException("cannot write the table out");
            });
            return opened.add(part("emr"));
        });

        assertThat(parts.close()).isTrue();
        assertThat(parts.close()).as("closed already").isFalse();

        assertThat(closed).containsExactly("emr", "dynamodb", "http");
    }

    @Test
    void anOpeningThatFailsClosesWhatItOpenedAndThrowsItsFailure() {
        assertThatThrownBy(() -> parts.open(opened -> {
            opened.add(part("http"));
            opened.add(part("emr"));
            throw new IllegalArgumentException("StepConcurrencyLevel 0 is not within 1-256");
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("StepConcurrencyLevel 0 is not within 1-256");

        assertThat(closed).containsExactly("emr", "http");
        assertThat(parts.close()).as("nothing left to close").isFalse();
    }

    @Test
    void aCloseDuringTheOpeningWaitsForItToEndAndThenClosesAllItOpened() throws Exception {
        CountDownLatch opening = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<String> opened = CompletableFuture.supplyAsync(() -> {
            try {
                return parts.open(stack -> {
                    stack.add(part("http"));
                    opening.countDown();
                    await(finish);
                    stack.add(part("emr"));
                    return "stack";
                });
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        assertThat(opening.await(10, TimeUnit.SECONDS)).isTrue();
        Thread hook = new Thread(parts::close, "test-shutdown-hook");
        hook.start();

        awaitBlocked(hook);
        assertThat(closed).isEmpty();
        finish.countDown();

        assertThat(opened.get(10, TimeUnit.SECONDS)).isEqualTo("stack");
        hook.join(10_000);
        assertThat(hook.isAlive()).isFalse();
        assertThat(closed).containsExactly("emr", "http");
    }

    @Test
    void nothingOpensOnceThePartsClosed() {
        parts.close();

        assertThatThrownBy(() -> parts.open(opened -> opened.add(part("http"))))
                .isInstanceOf(IllegalStateException.class).hasMessage("the local stack is stopping");
        assertThat(closed).isEmpty();
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits, at most 10 s, for {@code thread} to wait for the parts' monitor. */
    private static void awaitBlocked(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (thread.getState() != Thread.State.BLOCKED) {
            assertThat(System.nanoTime()).as("%s blocked on the parts", thread.getName()).isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
