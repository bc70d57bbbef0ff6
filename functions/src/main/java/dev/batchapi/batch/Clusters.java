package dev.batchapi.batch;

import dev.batchapi.errors.BadRequestException;
import dev.batchapi.text.Echo;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The EMR clusters of this deployment, each named by a label: the default cluster, where a batch
 * runs unless it names another with {@link ApiSetting#CLUSTER}, then the others in the admin's order.
 *
 * @param defaultLabel the label of the default cluster
 * @param idsByLabel every cluster's id by its label, the default's first
 */
public record Clusters(String defaultLabel, Map<String, String> idsByLabel) {

    /** Short, lower-case words: a label is typed in conf and names the local stack's emulated clusters. */
    public static final Pattern LABEL = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    /** EMR's cluster ids (j-...), as the template's parameters allow them. */
    public static final Pattern CLUSTER_ID = Pattern.compile("j-[0-9A-Z]+");
    public static final String DEFAULT_LABEL = "default";

    public Clusters {
        idsByLabel = Collections.unmodifiableMap(new LinkedHashMap<>(idsByLabel));
        if (!idsByLabel.containsKey(defaultLabel)) {
            throw new IllegalArgumentException("the default cluster's label " + defaultLabel + " names no cluster");
        }
    }

    /**
     * The default cluster plus the others, label i naming cluster i (lists, as a deployment passes them).
     *
     * @throws IllegalArgumentException naming the label or id that breaks a rule: as many labels as
     *     ids, a label is {@link #LABEL} and unique, an extra cluster's id is {@link #CLUSTER_ID}
     */
    public static Clusters of(String defaultLabel, String defaultId, List<String> extraLabels, List<String> extraIds) {
        if (extraLabels.size() != extraIds.size()) {
            throw new IllegalArgumentException("there are " + extraLabels.size() + " extra cluster labels and "
                    + extraIds.size() + " extra cluster ids: label i names cluster i");
        }
        checkLabels(defaultLabel, extraLabels);
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put(defaultLabel, defaultId);
        for (int i = 0; i < extraLabels.size(); i++) {
            String id = extraIds.get(i);
            if (!CLUSTER_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("cluster " + extraLabels.get(i) + " has the id " + id
                        + ", not an EMR cluster id " + CLUSTER_ID.pattern());
            }
            ids.put(extraLabels.get(i), id);
        }
        return new Clusters(defaultLabel, ids);
    }

    /**
     * The rules of the labels alone, for whoever names clusters before they have ids (the local stack).
     *
     * @throws IllegalArgumentException naming the label that is not {@link #LABEL} or names two clusters
     */
    public static void checkLabels(String defaultLabel, List<String> extraLabels) {
        Set<String> seen = new HashSet<>();
        for (String label : Stream.concat(Stream.of(defaultLabel), extraLabels.stream()).toList()) {
            if (!LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("the cluster label " + label + " is not " + LABEL.pattern()
                        + " (a lower-case letter, then up to 31 lower-case letters, digits or -)");
            }
            if (!seen.add(label)) {
                throw new IllegalArgumentException("the label " + label + " names two clusters");
            }
        }
    }

    /** The label of a cluster of this deployment; its id for one it no longer names (a batch kept from before). */
    public String labelOf(String clusterId) {
        return idsByLabel.entrySet().stream().filter(entry -> entry.getValue().equals(clusterId))
                .map(Map.Entry::getKey).findFirst().orElse(clusterId);
    }

    public String defaultId() {
        return idsByLabel.get(defaultLabel);
    }

    /**
     * The id of the cluster a batch asked for.
     *
     * @param label the batch's {@link ApiSetting#CLUSTER}; empty: the default cluster
     * @throws BadRequestException naming the setting and the labels this deployment has
     */
    public String idFor(Optional<String> label) {
        return label.map(given -> Optional.ofNullable(idsByLabel.get(given)).orElseThrow(() -> new BadRequestException(
                        ApiSetting.CLUSTER.key() + " " + Echo.of(given) + " is not a cluster of this deployment: it has "
                                + String.join(", ", idsByLabel.keySet()))))
                .orElseGet(this::defaultId);
    }
}
