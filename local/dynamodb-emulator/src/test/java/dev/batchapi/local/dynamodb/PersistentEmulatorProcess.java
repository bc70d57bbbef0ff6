package dev.batchapi.local.dynamodb;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;

/**
 * A JVM that writes to a persistent emulator and then waits to be killed: {@code <dataDirectory>
 * <itemCount>}. It prints "written" once every write has been answered.
 */
public final class PersistentEmulatorProcess {

    private PersistentEmulatorProcess() {
    }

    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        DynamoDbEmulator emulator = DynamoDbEmulator.persistent(Path.of(args[0]));
        emulator.handle("CreateTable", json.readTree("{\"TableName\":\"jobs\",\"BillingMode\":\"PAY_PER_REQUEST\","
                + "\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"}],"
                + "\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}]}"));
        for (int i = 0; i < Integer.parseInt(args[1]); i++) {
            emulator.handle("PutItem", json.readTree("{\"TableName\":\"jobs\",\"Item\":{\"pk\":{\"S\":\"job-" + i
                    + "\"}}}"));
        }
        System.out.println("written");
        System.out.flush();
        Thread.sleep(60_000);
    }
}
