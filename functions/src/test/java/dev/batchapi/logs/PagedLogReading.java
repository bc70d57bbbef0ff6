package dev.batchapi.logs;

import dev.batchapi.batch.Caller;
import dev.batchapi.config.AppContext;
import dev.batchapi.config.Config;
import dev.batchapi.support.LocalAws;
import java.time.Clock;
import java.util.List;

/**
 * Reads a batch's whole log page by page, as a Kyuubi client does (from=-1: continue), through the
 * log function's own service, in a JVM of its own: {@link LargeStepOutputIT} runs it with a small heap
 * to show that a page costs memory for the page, not for the file. Exit 0 when every output line came
 * back once, in order.
 */
public final class PagedLogReading {

    private PagedLogReading() {
    }

    public static void main(String[] args) {
        String batchId = args[0];
        int pageSize = Integer.parseInt(args[1]);
        long expectedOutputLines = Long.parseLong(args[2]);
        AppContext context = AppContext.create(Config.fromEnvironment(System.getenv()), LocalAws.CREDENTIALS,
                Clock.systemUTC(), List.of());
        long outputLines = 0;
        int pages = 0;
        for (List<String> page = read(context, batchId, pageSize); !page.isEmpty(); page = read(context, batchId, pageSize)) {
            pages++;
            for (String line : page) {
                if (line.startsWith("line ")) {
                    long number = Long.parseLong(line.substring(5, line.indexOf(' ', 5)));
                    if (number != outputLines + 1) {
                        System.out.println("out of order: line " + number + " after " + outputLines);
                        System.exit(1);
                    }
                    outputLines = number;
                }
            }
        }
        long usedMb = (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / (1024 * 1024);
        System.out.println("read " + outputLines + " output lines in " + pages + " pages; heap "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB max, " + usedMb + " MB in use at the end");
        System.exit(outputLines == expectedOutputLines ? 0 : 1);
    }

    private static List<String> read(AppContext context, String batchId, int pageSize) {
        return context.service().localLog(new Caller("reader"), batchId, -1, pageSize);
    }
}
