package dev.batchapi.auth;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Prints the stored form of a password for the BASIC users secret (or the local users file):
 * {@code java -cp batch-api-functions.jar dev.batchapi.auth.HashPassword}. The password is read from
 * the terminal without echo, or from the first line of standard input when piped.
 */
public final class HashPassword {

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
        if (password == null || password.isEmpty()) {
            System.err.println("no password given");
            System.exit(2);
            return;
        }
        System.out.println(PasswordHash.create(password, PasswordHash.DEFAULT_ITERATIONS, new SecureRandom()));
    }
}
