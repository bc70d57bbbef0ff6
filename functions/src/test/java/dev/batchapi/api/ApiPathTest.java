package dev.batchapi.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.local.sam.SamTemplate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ApiPathTest {

    @Test
    void thePathsAndTheirMethodsAreTheTemplatesRoutesOfEveryPathWithA405() {
        List<SamTemplate.Route> all = new ArrayList<>();
        SamTemplate.load(Path.of("..", "template.yaml")).functions().forEach(function -> all.addAll(function.routes()));
        Set<String> withCatchAll = all.stream().filter(route -> route.method().equals("ANY")).map(SamTemplate.Route::path)
                .collect(Collectors.toSet());
        Map<String, Set<String>> routes = new TreeMap<>();
        all.stream().filter(route -> !route.method().equals("ANY") && withCatchAll.contains(route.path()))
                .forEach(route -> routes.computeIfAbsent(route.path(), path -> new TreeSet<>()).add(route.method()));
        Map<String, Set<String>> paths = new TreeMap<>();
        Arrays.stream(ApiPath.values()).forEach(path -> paths.put(path.template(), new TreeSet<>(path.methods())));

        assertThat(paths).isEqualTo(routes);
    }

    @Test
    void aRequestPathIsMatchedToItsTemplate() {
        assertThat(ApiPath.of("/api/v1/batches")).contains(ApiPath.BATCHES);
        assertThat(ApiPath.of("/api/v1/batches/8c4ab3ae-2f0c-4b39-9d0b-3d2a8f4c1e57")).contains(ApiPath.BATCH);
        assertThat(ApiPath.of("/api/v1/batches/x/localLog")).contains(ApiPath.BATCH_LOCAL_LOG);
        assertThat(ApiPath.of("/api/v1/batches/x/y")).isEmpty();
        assertThat(ApiPath.of(null)).isEmpty();
    }
}
