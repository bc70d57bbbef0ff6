package dev.batchapi.batch;

/** The engine application's state as Kyuubi reports it (its {@code appState} values). */
public enum AppState {
    PENDING,
    RUNNING,
    FINISHED,
    KILLED,
    FAILED,
    ZOMBIE,
    NOT_FOUND,
    UNKNOWN
}
