package dev.batchapi.batch;

import java.util.List;
import java.util.Objects;

/**
 * The files of a create with upload (Kyuubi's multipart create): the resource to run, and the extra
 * resources the request's extraResourcesMap names.
 */
public record Upload(ResourceFile resource, List<ResourceFile> extras) {

    public Upload {
        Objects.requireNonNull(resource, "resource");
        extras = List.copyOf(extras);
    }
}
