package dev.batchapi.wire;

import dev.batchapi.batch.Batch;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Kyuubi's Batch as JSON, field for field: what the API answers and what a state-change event
 * carries, one shape for both.
 */
public final class KyuubiBatch {

    private KyuubiBatch() {
    }

    /**
     * Kyuubi's Batch, every field present (null where unknown), in Kyuubi's field order.
     *
     * @param info its batchInfo: Kyuubi's map of strings
     */
    public static Map<String, Object> of(Batch batch, Map<String, String> info) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", batch.id());
        json.put("user", batch.user());
        json.put("batchType", batch.batchType().name());
        json.put("name", batch.name());
        json.put("appStartTime", batch.app().appStartTime());
        json.put("appId", batch.app().appId());
        json.put("appUrl", batch.app().appUrl());
        json.put("appState", batch.app().appState() == null ? null : batch.app().appState().name());
        json.put("appDiagnostic", batch.app().appDiagnostic());
        json.put("kyuubiInstance", batch.kyuubiInstance());
        json.put("state", batch.state().name());
        json.put("createTime", batch.createTime());
        json.put("endTime", batch.endTime());
        json.put("batchInfo", info);
        return json;
    }
}
