package dev.batchapi.batch;

/** Where uploaded resource files are kept, one folder per batch, for the engine to run them from. */
public interface ResourceUploads {

    /** The resource (URI or path) a file of this batch is at once stored. */
    String locate(String batchId, String fileName);

    /** Stores the file where {@link #locate} says. */
    void store(String batchId, String fileName, byte[] content);
}
