package demo;

import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A Spark job that runs for the number of seconds given (default 60) inside a task, saying so every
 * few seconds: something to watch, and to kill.
 */
public final class Sleep {

    private Sleep() {
    }

    public static void main(String[] args) {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        try (JavaSparkContext spark = new JavaSparkContext(new SparkConf().setAppName("Sleep"))) {
            long slept = spark.parallelize(List.of(seconds), 1).map(Sleep::sleep).reduce(Long::sum);
            System.out.println("Slept " + slept + " s");
        }
    }

    private static long sleep(int seconds) throws InterruptedException {
        for (int second = 1; second <= seconds; second++) {
            Thread.sleep(1000);
            if (second % 5 == 0) {
                System.out.println("Sleeping: " + second + " of " + seconds + " s");
            }
        }
        return seconds;
    }
}
