package dev.batchapi.batch.log;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads a batch's log as one sequence: the API's lines, then the step's own output (stdout, then
 * stderr) as it becomes available, each part under a header line naming its file.
 *
 * <p>Offsets stay put because growth only appends: step output is recorded in the log (as a range of
 * the file, not a copy) the first time a read reaches past the end of what is recorded, and only
 * complete lines are recorded. API lines written later go after it; output that appears later is
 * recorded after them, under a header that says where in the file it continues.
 */
public final class BatchLogReader {

    /** The output files, in the order their lines enter the log. */
    static final List<String> OUTPUT_FILES = List.of("stdout", "stderr");
    public static final String EXPIRED_LINE = "(log line expired)";
    static final String MISSING_OUTPUT_LINE = "(step output no longer available)";

    private final BatchLog log;
    private final List<StepLogSource> sources;

    public BatchLogReader(BatchLog log, List<StepLogSource> sources) {
        this.log = log;
        this.sources = List.copyOf(sources);
    }

    /** What the read needs to know of the batch's step; none while it has no step. */
    public record Step(String stepId, boolean ended, Supplier<Optional<StepLogLocation>> location) {
    }

    /** Lines {@code [from, from + size)}. */
    public List<String> read(String batchId, Optional<Step> step, long from, int size) {
        List<String> lines = new ArrayList<>();
        if (from < 0 || size <= 0) {
            return lines;
        }
        long end = from + size;
        long position = from;
        Optional<StepLogLocation> location = null; // looked up once, when an output range is read
        for (LogEntry entry : log.entries(batchId, from, end)) {
            for (; position < entry.offset() && position < end; position++) {
                lines.add(EXPIRED_LINE);
            }
            long upTo = Math.min(entry.end(), end);
            if (entry instanceof LogEntry.Line line) {
                lines.add(line.text());
            } else if (entry instanceof LogEntry.Output output) {
                if (location == null) {
                    location = step.flatMap(s -> s.location().get());
                }
                lines.addAll(recorded(location, output, position, (int) (upTo - position)));
            }
            position = upTo;
        }
        if (position < end && step.isPresent()) {
            recordNewOutput(batchId, step.get(), position, end, lines);
        }
        return lines;
    }

    /** At the end of the log: records and returns the output lines the step wrote since last read. */
    private void recordNewOutput(String batchId, Step step, long position, long end, List<String> lines) {
        LogTail tail = log.tail(batchId);
        if (tail.next() != position) {
            return; // past the end: nothing is there
        }
        Optional<StepLogLocation> location = step.location().get();
        Optional<StepLogSource> source = location.flatMap(this::source);
        if (source.isEmpty()) {
            return;
        }
        Map<String, Long> consumed = new HashMap<>(log.consumedOutput(batchId));
        for (String file : OUTPUT_FILES) {
            int room = (int) (end - tail.next());
            if (room <= 0) {
                return;
            }
            long firstLine = consumed.getOrDefault(file, 0L);
            // As many lines as the page has room for: a header takes a place, and the line it pushes
            // out is recorded all the same, for the next page.
            List<String> text = source.get().lines(location.get(), file, firstLine, room, step.ended());
            if (text.isEmpty()) {
                continue;
            }
            String header = tail.continues(file, firstLine) ? null : "==> " + file + " of step " + step.stepId()
                    + (firstLine == 0 ? "" : ", from line " + (firstLine + 1)) + " <==";
            consumed.put(file, firstLine + text.size());
            long offset = tail.next() + (header == null ? 0 : 1);
            LogEntry.Output output = new LogEntry.Output(offset, file, firstLine, text.size(), consumed);
            if (!log.appendOutput(batchId, tail, header, output)) {
                return; // another writer got there first: the next read goes on from the new end
            }
            if (header != null) {
                lines.add(header);
            }
            lines.addAll(text.subList(0, Math.min(text.size(), (int) (end - offset))));
            tail = new LogTail(output.end(), tail.ownLines() + (header == null ? 0 : 1), Optional.of(output));
        }
    }

    /** Lines of a recorded range: read again from the file, which only ever grew. */
    private List<String> recorded(Optional<StepLogLocation> location, LogEntry.Output output, long position, int wanted) {
        List<String> text = new ArrayList<>(location.flatMap(this::source)
                .map(source -> source.lines(location.get(), output.file(),
                        output.firstLine() + (position - output.offset()), wanted, true))
                .orElse(List.of()));
        while (text.size() < wanted) {
            text.add(MISSING_OUTPUT_LINE);
        }
        return text;
    }

    private Optional<StepLogSource> source(StepLogLocation location) {
        return sources.stream().filter(source -> source.reads(location.logUri())).findFirst();
    }
}
