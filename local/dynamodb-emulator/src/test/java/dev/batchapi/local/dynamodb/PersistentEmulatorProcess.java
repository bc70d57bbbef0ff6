package dev.batchapi.local.dynamodb;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * A JVM that writes to a persistent emulator and then waits to be killed: {@code <dataDirectory>
 * <itemCount>}. It prints "written" once every write has been answered. It waits on its standard
 * input, which ends when the test's JVM does: a test that dies before killing it leaves nothing behind.
 */
public final class PersistentEmulatorProcess {

    private PersistentEmulatorProcess() {
    }

    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        DynamoDbEmulator emulator = DynamoDbEmulator.persistent(Path.of(args[0]));
        DataDirectoryTest.createJobsTable(emulator);
        for (int i = 0; i < Integer.parseInt(args[1]); i++) {
            emulator.handle("PutItem", json.readTree("{\"TableName\":\"jobs\",\"Item\":{\"pk\":{\"S\":\"job-" + i
                    + "\"}}}"));
        }
        System.out.println("written");
        System.out.flush();
        // Nothing is ever sent: this returns at end of input.
        System.in.transferTo(OutputStream.nullOutputStream());
    }
}
