package dev.batchapi.batch;

import dev.batchapi.errors.BadRequestException;
import dev.batchapi.text.Echo;
import dev.batchapi.text.UnicodeText;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A file uploaded with a create: the resource itself (multipart part {@code resourceFile}) or one of
 * Kyuubi's extra resources. It is stored under its name in the batch's upload folder, so the name is
 * a plain file name; the resource must also be what the engine runs: a jar for SPARK and FLINK, a
 * Python file for PYSPARK.
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

    /**
     * @return the name, if it is a plain file name
     * @throws BadRequestException naming the field otherwise
     */
    static String checkName(String field, String fileName) {
        BatchRequestValidator.checkText(field, fileName, 255);
        if (!FILE_NAME.matcher(fileName).matches()) {
            throw new BadRequestException(field + " '" + Echo.of(fileName)
                    + "' must be letters, digits and . _ - (at most 255, not starting with . or -)");
        }
        return fileName;
    }

    /** @throws BadRequestException naming what is wrong with the file as the batch's resource */
    void checkAsResource(BatchType type) {
        checkStorable("resourceFile");
        if (type == BatchType.PYSPARK) {
            if (!fileName.endsWith(".py") || !isText(content)) {
                throw new BadRequestException("resourceFile of a PYSPARK batch must be a .py file of UTF-8 text");
            }
        } else if (!fileName.endsWith(".jar") || !startsWithZipMagic(content)) {
            throw new BadRequestException("resourceFile of a " + type + " batch must be a .jar file");
        }
    }

    /** @throws BadRequestException if the file could not be stored under its name */
    void checkStorable(String field) {
        checkName(field + " name", fileName);
        if (content.length == 0) {
            throw new BadRequestException(field + " " + fileName + " is empty");
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
        return UnicodeText.decodeUtf8(content).filter(text -> text.indexOf('\0') < 0).isPresent();
    }
}
