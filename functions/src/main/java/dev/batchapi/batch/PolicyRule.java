package dev.batchapi.batch;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The built-in deny rules of the {@link SubmissionPolicy}: what no batch may carry on a shared
 * cluster unless the admin relaxes the rule by its name. Conf keys are those the engine reads
 * (after Kyuubi's renaming), so {@code jars} for SPARK is checked as {@code spark.jars}.
 */
public enum PolicyRule {

    /** The step runs on the primary node: a local path there is that node's file, shipped to the job. */
    LOCAL_FILES("local-files", "reads files of the primary node or ships them with the job") {
        @Override
        boolean refusesLocation(Location location) {
            return location.onTheNode();
        }
    },

    INTERNET("internet", "fetches from the internet") {
        @Override
        boolean refusesLocation(Location location) {
            return location.onTheInternet();
        }

        @Override
        boolean refusesConf(String key, String value) {
            return FETCHING_KEYS.contains(key) || super.refusesConf(key, value);
        }
    },

    DETACH("detach", "detaches the application from its EMR step, which then can neither stop nor count it") {
        @Override
        boolean refusesConf(String key, String value) {
            return DETACHING_KEYS.contains(key) && value.trim().equalsIgnoreCase("false");
        }
    },

    /**
     * On EMR, flink run-application returns once YARN runs the application's JobManager, and Flink
     * has no option that makes it wait: the step ends while the application runs on. Its own rule, so
     * that a deployment whose FLINK steps do wait (the local stack's) can admit FLINK and still
     * refuse the detaching keys.
     */
    FLINK_DETACH("flink-detach", "on EMR a FLINK step ends once YARN runs the application, which then runs on"
            + " detached from its step: it can neither be stopped nor counted") {
        @Override
        boolean refusesType(BatchType type) {
            return type == BatchType.FLINK;
        }
    },

    KERBEROS("kerberos", "logs in with a Kerberos keytab, principal or ticket cache of the cluster's") {
        @Override
        boolean refusesConf(String key, String value) {
            return KERBEROS_KEYS.contains(key);
        }
    },


    /** The step runs the job in YARN: the driver in a YARN container, never the step process on the primary node. */
    DEPLOY_TARGET("deploy-target", "runs the user's code elsewhere than in YARN containers, the primary node included") {
        @Override
        boolean refusesConf(String key, String value) {
            String target = YARN_TARGETS.get(key);
            return target != null && !value.trim().equalsIgnoreCase(target);
        }
    };

    /** Keys whose value lists files for the step to ship (Spark's, then Flink's, with Flink's deprecated names). */
    private static final List<ConfKeyPattern> FILE_LISTING = Stream.of(
            "spark.files", "spark.jars", "spark.archives", "spark.submit.pyFiles", "spark.yarn.dist.*",
            "spark.yarn.jars", "spark.yarn.archive",
            "pipeline.jars", "pipeline.classpaths", "yarn.ship-files", "yarn.ship-directories", "yarn.ship-archives",
            "yarn.provided.lib.dirs", "yarn.provided.usrlib.dir", "yarn.flink-dist-jar").map(ConfKeyPattern::of).toList();
    /** Lists URI schemes, not files. */
    private static final String DIST_SCHEMES = "spark.yarn.dist.forceDownloadSchemes";
    /** Maven coordinates and repositories that spark-submit resolves through Ivy (Flink has no such keys). */
    private static final Set<String> FETCHING_KEYS = Set.of(
            "spark.jars.packages", "spark.jars.repositories", "spark.jars.ivySettings", "spark.jars.ivy");
    /** Spark's fire-and-forget submit; Flink's detached mode. */
    private static final Set<String> DETACHING_KEYS = Set.of("spark.yarn.submit.waitAppCompletion", "execution.attached");
    /**
     * Where the step command sends the job, the one value each key may name: spark-submit takes its
     * master from EMR's spark-defaults (yarn), so {@code spark.master=local[*]} would run the whole
     * job, driver and executors, in the step's process on the primary node; the deploy mode and
     * Flink's target are the step's own ({@code --deploy-mode cluster}, {@code -t yarn-application}).
     */
    private static final Map<String, String> YARN_TARGETS = Map.of(
            "spark.master", "yarn", "spark.submit.deployMode", "cluster", "execution.target", "yarn-application");
    private static final Set<String> KERBEROS_KEYS = Set.of(
            "spark.kerberos.keytab", "spark.kerberos.principal", "spark.yarn.keytab", "spark.yarn.principal",
            "spark.kerberos.renewal.credentials",
            "security.kerberos.login.keytab", "security.kerberos.login.principal", "security.keytab", "security.principal",
            "security.kerberos.login.use-ticket-cache", "security.kerberos.krb5-conf.path");

    private final String ruleName;
    private final String reason;

    PolicyRule(String ruleName, String reason) {
        this.ruleName = ruleName;
        this.reason = reason;
    }

    /** The name an admin relaxes it by, and messages name it by. */
    public String ruleName() {
        return ruleName;
    }

    public String reason() {
        return reason;
    }

    public static Optional<PolicyRule> named(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(rule -> rule.ruleName.equals(wanted)).findFirst();
    }

    boolean refusesType(BatchType type) {
        return false;
    }

    /** A resource, or an entry of a key that lists files to ship, this rule refuses. */
    boolean refusesLocation(Location location) {
        return false;
    }

    /** @param value the key's value; empty for a key whose value only lists files uploaded with the create */
    boolean refusesConf(String key, String value) {
        return listsFiles(key) && Location.listed(value).stream().anyMatch(this::refusesLocation);
    }

    private static boolean listsFiles(String key) {
        return !key.equals(DIST_SCHEMES) && FILE_LISTING.stream().anyMatch(pattern -> pattern.matches(key));
    }
}
