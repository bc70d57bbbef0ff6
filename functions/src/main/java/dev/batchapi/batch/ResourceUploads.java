package dev.batchapi.batch;

/**
 * Where uploaded resource files are kept, for the engine to run them from: one folder per user, in
 * it one per batch. No user's folder is inside or equal to another's, and a stored file is never
 * replaced, so what a batch runs is what its user uploaded with it.
 */
public interface ResourceUploads {

    /** The resource (URI or path) a file of this user's batch is at once stored. */
    String locate(String user, String batchId, String fileName);

    /**
     * Stores the file where {@link #locate} says, only if no file is there.
     *
     * @throws UploadExistsException if one is (a concurrent create of the same batch id stored it)
     */
    void store(String user, String batchId, String fileName, byte[] content);
}
