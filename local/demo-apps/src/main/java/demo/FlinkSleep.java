package demo;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A Flink job that runs for the number of seconds given (default 60) inside a task, saying so every
 * few seconds: something to watch, and to kill.
 */
public final class FlinkSleep {

    private FlinkSleep() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.fromData(seconds)
                .map(FlinkSleep::sleep)
                .returns(Types.STRING)
                .print()
                .setParallelism(1);
        env.execute();
    }

    private static String sleep(int seconds) throws InterruptedException {
        for (int second = 1; second <= seconds; second++) {
            Thread.sleep(1000);
            if (second % 5 == 0) {
                System.out.println("Sleeping: " + second + " of " + seconds + " s");
            }
        }
        return "Slept " + seconds + " s";
    }
}
