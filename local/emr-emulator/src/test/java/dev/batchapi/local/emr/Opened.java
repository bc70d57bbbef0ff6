package dev.batchapi.local.emr;

import java.util.ArrayList;
import java.util.List;

/**
 * What a test opened, closed in reverse order (a runner after the emulator that uses it), so each
 * test leaves no thread or file handle behind; a field under JUnit's {@code @AutoClose}.
 */
public final class Opened implements AutoCloseable {

    private final List<AutoCloseable> resources = new ArrayList<>();

    public <T extends AutoCloseable> T add(T resource) {
        resources.add(resource);
        return resource;
    }

    @Override
    public void close() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }
}
