package dev.batchapi.batch.log;

import java.util.List;

/** Reads the output files EMR writes for a step, as a stream of lines. */
public interface StepLogSource {

    /** Whether this source can read logs at that LogUri (its scheme: file, s3). */
    boolean reads(String logUri);

    /**
     * Lines {@code [fromLine, fromLine + maxLines)} of a step's output file ({@code stdout} or
     * {@code stderr}, plain or gzipped), read as a stream and only as far as needed. A last line not
     * yet ended by a newline is left out unless the file is complete.
     *
     * @return the lines; empty if the file does not exist (yet) or holds no more
     */
    List<String> lines(StepLogLocation location, String file, long fromLine, int maxLines, boolean complete);
}
