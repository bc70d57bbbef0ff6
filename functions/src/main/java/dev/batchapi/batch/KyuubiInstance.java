package dev.batchapi.batch;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a batch's {@code kyuubiInstance} may say. Kyuubi's clients (kyuubi-ctl log and submit) add
 * {@code http://<kyuubiInstance>} to the servers they try, at random: anything but a plain-HTTP
 * {@code host:port} of this API costs them a failed connection and a 3 s wait, half the time. So it
 * is that (the local stack), or nothing (on Lambda there is no such address).
 */
public final class KyuubiInstance {

    private static final Pattern HOST_AND_PORT =
            Pattern.compile("([A-Za-z0-9](?:[A-Za-z0-9.-]{0,253}[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+]):([1-9][0-9]{0,4})");

    private KyuubiInstance() {
    }

    /** The value if it is a {@code host:port} (a port up to 65535); empty otherwise. */
    public static Optional<String> of(String value) {
        if (value == null) {
            return Optional.empty();
        }
        var match = HOST_AND_PORT.matcher(value);
        return match.matches() && Integer.parseInt(match.group(2)) <= 65_535 ? Optional.of(value) : Optional.empty();
    }
}
