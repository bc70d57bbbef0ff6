package dev.batchapi.batch;

/** A file is already stored where an upload was to go: uploads never replace one. */
public final class UploadExistsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UploadExistsException(String location) {
        super("an uploaded file is already stored at " + location);
    }
}
