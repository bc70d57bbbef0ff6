package demo;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Estimates pi by throwing random points at the unit square, as Spark's own example does: the
 * fraction inside the quarter circle tends to pi/4. Argument: the number of slices (partitions).
 */
public final class SparkPi {

    private static final int POINTS_PER_SLICE = 100_000;

    private SparkPi() {
    }

    public static void main(String[] args) {
        int slices = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        try (JavaSparkContext spark = new JavaSparkContext(new SparkConf().setAppName("SparkPi"))) {
            List<Integer> seeds = IntStream.range(0, slices).boxed().collect(Collectors.toList());
            long inside = spark.parallelize(seeds, slices)
                    .map(SparkPi::pointsInsideCircle)
                    .reduce(Long::sum);
            double pi = 4.0 * inside / ((long) slices * POINTS_PER_SLICE);
            System.out.println("Pi is roughly " + pi);
        }
    }

    private static long pointsInsideCircle(int seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long inside = 0;
        for (int i = 0; i < POINTS_PER_SLICE; i++) {
            double x = random.nextDouble() * 2 - 1;
            double y = random.nextDouble() * 2 - 1;
            if (x * x + y * y <= 1) {
                inside++;
            }
        }
        return inside;
    }
}
