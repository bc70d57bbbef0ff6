package dev.batchapi.auth;

import dev.batchapi.json.Json;
import dev.batchapi.support.BenchmarkReport;
import dev.batchapi.support.LocalAws;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What BASIC authentication costs per request: a first check of credentials (PBKDF2 at the default
 * 600,000 iterations), a remembered verdict, and the whole authorizer invocation around it. Not a
 * test: {@code mvn -pl functions -am verify -Pbenchmark} runs it and writes benchmarks/auth.md.
 */
class AuthBenchmark {

    @RegisterExtension
    static final LocalAws aws = new LocalAws();

    private static final int USERS = 8;
    private static final int CACHED_CALLS = 100_000;
    private static final int HANDLER_CALLS = 20_000;

    @Test
    void measure() throws Exception {
        SecureRandom random = new SecureRandom();
        Map<String, String> secret = new HashMap<>();
        for (int i = 0; i < USERS; i++) {
            secret.put("user" + i, PasswordHash.create("password" + i, PasswordHash.DEFAULT_ITERATIONS, random).toString());
        }
        aws.awsClients().secretsManager().putSecretValue(request -> request.secretId(LocalAws.USERS_SECRET)
                .secretString(Json.write(secret)));
        BasicAuthenticator authenticator = new BasicAuthenticator(
                new SecretsManagerUsers(aws.awsClients().secretsManager(), LocalAws.USERS_SECRET, Clock.systemUTC()),
                new SignInBackoff(aws.awsClients().dynamoDb(), LocalAws.TABLE, Clock.systemUTC()));
        authenticator.authenticate(header("user0", "password0")); // reads the secret once

        long[] firstChecks = new long[USERS - 1];
        for (int i = 1; i < USERS; i++) {
            long started = System.nanoTime();
            authenticator.authenticate(header("user" + i, "password" + i));
            firstChecks[i - 1] = System.nanoTime() - started;
        }
        long[] wrongFirst = new long[USERS];
        for (int i = 0; i < USERS; i++) {
            long started = System.nanoTime();
            authenticator.authenticate(header(i % 2 == 0 ? "user" + i : "nobody" + i, "wrong"));
            wrongFirst[i] = System.nanoTime() - started;
        }

        String remembered = header("user1", "password1");
        long started = System.nanoTime();
        for (int i = 0; i < CACHED_CALLS; i++) {
            authenticator.authenticate(remembered);
        }
        double cachedMicros = (System.nanoTime() - started) / 1_000.0 / CACHED_CALLS;

        BasicAuthorizerHandler handler = new BasicAuthorizerHandler(aws.context(Map.of("AUTH_MODE", "BASIC")));
        byte[] event = Files.readAllBytes(Path.of("..", "events", "basic-authorizer.json"));
        String eventText = new String(event, StandardCharsets.UTF_8).replace(
                "YWxpY2U6YWxpY2UtcHc=", BasicCredentialsTest.encode("user2:password2"));
        byte[] benchmarkEvent = eventText.getBytes(StandardCharsets.UTF_8);
        invoke(handler, benchmarkEvent); // first: verifies
        started = System.nanoTime();
        for (int i = 0; i < HANDLER_CALLS; i++) {
            invoke(handler, benchmarkEvent);
        }
        double handlerMicros = (System.nanoTime() - started) / 1_000.0 / HANDLER_CALLS;

        List<String> lines = new ArrayList<>();
        lines.add("# BASIC authentication: cost per request");
        lines.add("");
        lines.add(BenchmarkReport.writtenBy(AuthBenchmark.class) + " Users hashed as deployed: PBKDF2-HMAC-SHA256, "
                + PasswordHash.DEFAULT_ITERATIONS + " iterations.");
        lines.add("");
        lines.add("| What | Figure |");
        lines.add("|---|---|");
        lines.add("| First check of a user's credentials (one PBKDF2, and the sign-in backoff's read of the table), median of " + firstChecks.length + " users | "
                + millis(median(firstChecks)) + " (max " + millis(max(firstChecks)) + ") |");
        lines.add("| First check of wrong credentials, known or unknown user (one PBKDF2, the backoff's read and its count of the"
                + " failure), median of " + wrongFirst.length
                + " | " + millis(median(wrongFirst)) + " |");
        lines.add("| Remembered verdict (same header, user list not read again since), mean of " + CACHED_CALLS + " | "
                + String.format(Locale.ROOT, "%.2f µs", cachedMicros) + " |");
        lines.add("| Whole authorizer invocation with a remembered verdict (read event JSON, answer JSON), mean of "
                + HANDLER_CALLS + " | " + String.format(Locale.ROOT, "%.2f µs", handlerMicros) + " |");
        lines.add("");
        lines.add("A Lambda function with 1,769 MB has one vCPU; the template gives the authorizer that much, so a first");
        lines.add("check there costs about what one core does here. Every later request with the same header, from any");
        lines.add("client, costs the remembered verdict until the users are read again (every 5 minutes).");
        BenchmarkReport.write("auth.md", lines);
    }

    private static void invoke(BasicAuthorizerHandler handler, byte[] event) throws Exception {
        handler.handleRequest(new ByteArrayInputStream(event), new ByteArrayOutputStream(), null);
    }

    private static String header(String user, String password) {
        return "Basic " + BasicCredentialsTest.encode(user + ":" + password);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long max(long[] values) {
        return Arrays.stream(values).max().orElse(0);
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.0f ms", nanos / 1e6);
    }
}
