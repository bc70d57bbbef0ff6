package dev.batchapi.auth;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Prints the stored form of a password for the BASIC users secret (or the local users file):
 * {@code java -cp batch-api-functions.jar dev.batchapi.auth.HashPassword}. The password is read from
 * the terminal without echo, or from the first line of standard input when piped. A password shorter
 * than {@value #MIN_LENGTH} characters is refused (exit code 2): the failure backoff bounds online
 * guessing, but a short password falls to an offline search of a leaked hash.
 */
public final class HashPassword {

    static final int MIN_LENGTH = 12;

    private HashPassword() {
    }

    public static void main(String[] args) throws IOException {
        Console console = System.console();
        String password;
        if (console != null) {
            char[] typed = console.readPassword("Password: ");
            password = typed == null ? null : new String(typed);
        } else {
            password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
        int status = print(password, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Prints the password's hash, or says why it is refused; answers the exit code. */
    static int print(String password, PrintStream out, PrintStream err) {
        if (password == null || password.isEmpty()) {
            err.println("no password given");
            return 2;
        }
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH) {
            err.println("the password has " + length + " characters: a password needs at least " + MIN_LENGTH);
            return 2;
        }
        out.println(PasswordHash.create(password, PasswordHash.DEFAULT_ITERATIONS, new SecureRandom()));
        return 0;
    }
}
