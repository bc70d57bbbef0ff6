package dev.batchapi.api;

import dev.batchapi.errors.BadRequestException;
import dev.batchapi.text.Echo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.fileupload2.core.AbstractFileUpload;
import org.apache.commons.fileupload2.core.DiskFileItem;
import org.apache.commons.fileupload2.core.DiskFileItemFactory;
import org.apache.commons.fileupload2.core.FileItemHeaders;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadSizeException;
import org.apache.commons.fileupload2.core.MultipartInput;

/**
 * A multipart/form-data body (RFC 7578), as Kyuubi's client sends a create with an upload: named
 * parts, file parts with their file names. Parsed by Apache Commons FileUpload's streaming parser
 * over the body in memory; every malformed body (no boundary, a part cut short, a part without a
 * name or twice, too many parts, a part over its limit) is a 400 that says which.
 */
final class MultipartForm {

    /** Kyuubi sends the request, the resource and its extra resources: a few parts. */
    static final int MAX_PARTS = 64;
    /** A part's headers are a Content-Disposition and a Content-Type: a few hundred bytes. */
    static final int MAX_PART_HEADER_BYTES = 8 * 1024;

    record Part(String name, String fileName, byte[] content) {
    }

    private MultipartForm() {
    }

    /** @return the parts by name, in the order they came */
    static Map<String, Part> parse(byte[] body, String contentType) {
        HeaderReader headers = new HeaderReader();
        byte[] boundary = headers.getBoundary(contentType);
        if (boundary == null) {
            throw malformed("no boundary in its Content-Type");
        }
        Map<String, Part> parts = new LinkedHashMap<>();
        try {
            MultipartInput input = MultipartInput.builder()
                    .setInputStream(new ByteArrayInputStream(body))
                    .setBoundary(boundary)
                    .setPartHeaderSizeMax(MAX_PART_HEADER_BYTES)
                    .get();
            input.setHeaderCharset(StandardCharsets.UTF_8);
            boolean more = input.skipPreamble();
            while (more) {
                if (parts.size() == MAX_PARTS) {
                    throw malformed("it has more than " + MAX_PARTS + " parts");
                }
                FileItemHeaders partHeaders = headers.getParsedHeaders(input.readHeaders());
                String name = headers.getFieldName(partHeaders);
                if (name == null || name.isEmpty()) {
                    throw malformed("a part has no name (its Content-Disposition needs name=\"…\")");
                }
                ByteArrayOutputStream content = new ByteArrayOutputStream();
                input.readBodyData(content);
                Part part = new Part(name, headers.getFileName(partHeaders), content.toByteArray());
                if (parts.putIfAbsent(name, part) != null) {
                    throw malformed("the part " + Echo.of(name) + " comes twice");
                }
                more = input.readBoundary();
            }
        } catch (FileUploadSizeException e) {
            throw malformed("a part's headers are larger than " + e.getPermitted() + " bytes");
        } catch (IOException e) {
            // The body is in memory: only a stream that is not well-formed fails to read.
            throw malformed("a part is cut short or its headers are malformed");
        }
        if (parts.isEmpty()) {
            throw malformed("no part");
        }
        return parts;
    }

    private static BadRequestException malformed(String why) {
        return new BadRequestException("Malformed multipart/form-data body: " + why);
    }

    /**
     * FileUpload's reading of a Content-Type's boundary and of a part's headers (RFC 2231 parameters,
     * quoting, folding); this class uses it for nothing else.
     */
    private static final class HeaderReader extends AbstractFileUpload<Void, DiskFileItem, DiskFileItemFactory> {

        @Override
        public FileItemInputIterator getItemIterator(Void request) {
            throw new UnsupportedOperationException("parts are read one by one");
        }

        @Override
        public Map<String, List<DiskFileItem>> parseParameterMap(Void request) {
            throw new UnsupportedOperationException("parts are read one by one");
        }

        @Override
        public List<DiskFileItem> parseRequest(Void request) {
            throw new UnsupportedOperationException("parts are read one by one");
        }
    }
}
