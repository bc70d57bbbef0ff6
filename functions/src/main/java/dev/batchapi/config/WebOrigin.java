package dev.batchapi.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * A web origin (RFC 6454): scheme, host and port, compared without regard to the case of scheme
 * and host and with a scheme's default port said or not, so {@code https://A.example:443} and
 * {@code https://a.example} are one origin.
 */
public record WebOrigin(String scheme, String host, int port) {

    public WebOrigin {
        scheme = scheme.toLowerCase(Locale.ROOT);
        host = host.toLowerCase(Locale.ROOT);
    }

    /**
     * The origin a browser's {@code Origin} header or an ALLOWED_ORIGINS entry names:
     * {@code scheme://host[:port]} with nothing after it; empty for anything else ({@code null} included).
     */
    public static Optional<WebOrigin> parse(String text) {
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        if (!isHttp(uri.getScheme()) || uri.getHost() == null || uri.getRawUserInfo() != null
                || !(uri.getRawPath() == null || uri.getRawPath().isEmpty()) || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            return Optional.empty();
        }
        return Optional.of(new WebOrigin(uri.getScheme(), uri.getHost(), effectivePort(uri.getScheme(), uri.getPort())));
    }

    /** The origin of a request that came in over {@code scheme} for {@code authority} ({@code host[:port]}). */
    public static Optional<WebOrigin> of(String scheme, String authority) {
        return isHttp(scheme) ? parse(scheme + "://" + authority) : Optional.empty();
    }

    @Override
    public String toString() {
        return scheme + "://" + host + (port == effectivePort(scheme, -1) ? "" : ":" + port);
    }

    private static boolean isHttp(String scheme) {
        return "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
    }

    private static int effectivePort(String scheme, int port) {
        if (port >= 0) {
            return port;
        }
        return "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }
}
