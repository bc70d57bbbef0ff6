package dev.batchapi.config;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.crt.AwsCrtHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One SDK HTTP client, alone in a fresh JVM: builds it and a DynamoDB client on it, makes a first
 * GetItem, then many, against a stub on 127.0.0.1 that answers at once (a raw socket: the JDK's
 * HttpServer stalled a kept-alive connection after about 450 requests). Prints the nanoseconds of the
 * build, of the first call, and the median and 90th percentile of the warm calls. Run by
 * {@link HttpClientBenchmark}.
 */
public final class HttpClientProbe {

    static final int WARM_UP = 500;
    static final int TIMED = 1_000;
    private static final String ANSWER = "{\"Item\":{\"pk\":{\"S\":\"x\"}}}";
    private static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: "
            + ANSWER.length() + "\r\n\r\n" + ANSWER).getBytes(StandardCharsets.US_ASCII);

    private HttpClientProbe() {
    }

    public static void main(String[] args) throws IOException {
        try (ServerSocket stub = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> serve(stub), "stub");
            server.setDaemon(true);
            server.start();
            long started = System.nanoTime();
            SdkHttpClient http = switch (args[0]) {
                case "url-connection", "url-connection-one-write" -> UrlConnectionHttpClient.create();
                case "apache5" -> Apache5HttpClient.create();
                case "crt" -> AwsCrtHttpClient.create();
                default -> throw new IllegalArgumentException("no such client: " + args[0]);
            };
            DynamoDbClient dynamoDb = DynamoDbClient.builder().httpClient(http).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("probe", "probe")))
                    .endpointOverride(URI.create("http://127.0.0.1:" + stub.getLocalPort()))
                    .overrideConfiguration(overrides -> {
                        if (args[0].equals("url-connection-one-write")) {
                            overrides.addExecutionInterceptor(new OneWriteRequests());
                        }
                    })
                    .build();
            long built = System.nanoTime();
            getItem(dynamoDb);
            long first = System.nanoTime();
            for (int i = 0; i < WARM_UP; i++) {
                getItem(dynamoDb);
            }
            long[] warm = new long[TIMED];
            for (int i = 0; i < TIMED; i++) {
                long start = System.nanoTime();
                getItem(dynamoDb);
                warm[i] = System.nanoTime() - start;
            }
            Arrays.sort(warm);
            System.out.println((built - started) + " " + (first - built) + " " + warm[TIMED / 2] + " " + warm[TIMED * 9 / 10]);
        }
        // A client may leave threads of its own (the CRT's event loop): the probe ends here regardless.
        System.exit(0);
    }

    /**
     * Answers every request on every connection at once, keeping the connection open: a stub that
     * costs as little as it can, so the client's own cost is what is measured.
     */
    private static void serve(ServerSocket stub) {
        while (!stub.isClosed()) {
            try {
                Socket connection = stub.accept();
                Thread reader = new Thread(() -> answer(connection), "stub-connection");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void answer(Socket connection) {
        try (connection; var in = new DataInputStream(new BufferedInputStream(connection.getInputStream()));
                OutputStream out = connection.getOutputStream()) {
            while (true) {
                int length = 0;
                for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
                    if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
                    }
                }
                in.readFully(new byte[length]);
                out.write(RESPONSE);
                out.flush();
            }
        } catch (IOException | RuntimeException ended) {
            // the client closed the connection
        }
    }

    private static String readLine(DataInputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException();
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static void getItem(DynamoDbClient dynamoDb) {
        dynamoDb.getItem(request -> request.tableName("batches").key(Map.of("pk", AttributeValue.fromS("x"))));
    }
}
