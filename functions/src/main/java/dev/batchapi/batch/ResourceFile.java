package dev.batchapi.batch;

import dev.batchapi.errors.BadRequestException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A resource uploaded with a create (multipart part {@code resourceFile}): its file name and content.
 * It becomes the batch's resource, so it must be what the engine runs: a jar for SPARK and FLINK, a
 * Python file for PYSPARK, under a plain file name.
 */
public record ResourceFile(String fileName, byte[] content) {

    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,254}");
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

    public ResourceFile {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(content, "content");
    }

    /** The file name without any folder a browser or client put in front of it. */
    public static String baseName(String fileName) {
        String name = fileName.replace('\\', '/');
        return name.substring(name.lastIndexOf('/') + 1);
    }

    /** @throws BadRequestException naming what is wrong with the file */
    void check(BatchType type) {
        if (!FILE_NAME.matcher(fileName).matches()) {
            throw new BadRequestException("resourceFile name '" + fileName + "' must be letters, digits and . _ -"
                    + " (at most 255, not starting with . or -)");
        }
        if (content.length == 0) {
            throw new BadRequestException("resourceFile " + fileName + " is empty");
        }
        if (type == BatchType.PYSPARK) {
            if (!fileName.endsWith(".py") || !isText(content)) {
                throw new BadRequestException("resourceFile of a PYSPARK batch must be a .py file of UTF-8 text");
            }
        } else if (!fileName.endsWith(".jar") || !startsWithZipMagic(content)) {
            throw new BadRequestException("resourceFile of a " + type + " batch must be a .jar file");
        }
    }

    private static boolean startsWithZipMagic(byte[] content) {
        if (content.length < ZIP_MAGIC.length) {
            return false;
        }
        for (int i = 0; i < ZIP_MAGIC.length; i++) {
            if (content[i] != ZIP_MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isText(byte[] content) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content))
                    .toString();
            return text.indexOf('\0') < 0;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
