package demo;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A bounded Flink job: adds up 1..N (default 100) in parallel, in batch mode, and prints
 * "Sum of 1..N is X". Argument: N, at least 1.
 */
public final class FlinkSum {

    private FlinkSum() {
    }

    public static void main(String[] args) throws Exception {
        long n = args.length > 0 ? Long.parseLong(args[0]) : 100;
        if (n < 1) {
            throw new IllegalArgumentException("N must be at least 1, not " + n);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.fromSequence(1, n)
                .keyBy(value -> 0)
                .reduce(Long::sum)
                .map(sum -> "Sum of 1.." + n + " is " + sum)
                .returns(Types.STRING)
                // One printer, so the line has no subtask prefix.
                .print()
                .setParallelism(1);
        // No name here: the job is named by pipeline.name, which a batch's name sets (-ynm).
        env.execute();
    }
}
