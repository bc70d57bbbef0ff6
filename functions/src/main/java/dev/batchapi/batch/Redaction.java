package dev.batchapi.batch;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a batch carries that is stored and passed to the engine but never shown nor logged as sent:
 * the credentials a resource URI may carry in its userinfo and query (a presigned URL's signature,
 * {@code https://user:password@host/…}). Conf values are never shown or logged at all.
 */
public final class Redaction {

    /** What stands for a resource's query. */
    public static final String QUERY_REPLACEMENT = "?<redacted>";

    // scheme://userinfo@ : the userinfo ends at the last '@' before the path.
    private static final Pattern USERINFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@");

    private Redaction() {
    }

    /**
     * The resource as it may be shown: a URI without its userinfo, and with {@value #QUERY_REPLACEMENT}
     * for its query (and what follows it); a path or a URI without either, as it is.
     */
    public static String resource(String resource) {
        String withoutUserInfo = USERINFO.matcher(resource).replaceFirst(match -> Matcher.quoteReplacement(match.group(1)));
        int query = withoutUserInfo.indexOf('?');
        return query < 0 ? withoutUserInfo : withoutUserInfo.substring(0, query) + QUERY_REPLACEMENT;
    }
}
