package demo;

import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A Spark job that says it starts, then fails in its one task, so that spark-submit exits non-zero
 * and its step ends FAILED on its own: something to retry (conf batchapi.maxAttempts).
 */
public final class Fail {

    private Fail() {
    }

    public static void main(String[] args) {
        System.out.println("Fail: starting a job whose task throws");
        try (JavaSparkContext spark = new JavaSparkContext(new SparkConf().setAppName("Fail"))) {
            spark.parallelize(List.of(1), 1).map(Fail::fail).collect();
        }
    }

    private static int fail(int task) {
        throw new IllegalStateException("demo.Fail fails on purpose (task " + task + ")");
    }
}
