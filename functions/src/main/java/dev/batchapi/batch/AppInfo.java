package dev.batchapi.batch;

/**
 * What is known of the engine application behind a batch: its id (the EMR step id until a YARN id is
 * known), where to watch it, its state, why it failed, and when it started (epoch ms, 0 until then).
 */
public record AppInfo(String appId, String appUrl, AppState appState, String appDiagnostic, long appStartTime) {

    public static final AppInfo NONE = new AppInfo(null, null, null, null, 0);
}
