package dev.batchapi.batch;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a batch carries that is stored and passed to the engine but never shown nor logged as sent:
 * the credentials a resource URI may carry in its userinfo and query (a presigned URL's signature,
 * {@code https://user:password@host/…}), and the conf values Spark itself would hide. Conf is shown
 * only in a batch's {@code batchInfo} ({@link SubmittedInfo}), each secret-looking value as
 * {@value #REDACTED}; no log line shows a batch's conf.
 */
public final class Redaction {

    /** What stands for a resource's query. */
    public static final String QUERY_REPLACEMENT = "?<redacted>";
    /** What stands for a secret conf value: Spark's own text (Utils.REDACTION_REPLACEMENT_TEXT). */
    public static final String REDACTED = "*********(redacted)";

    // scheme://userinfo@ : the userinfo ends at the last '@' before the path.
    private static final Pattern USERINFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@");
    /** Spark's default spark.redaction.regex, which Kyuubi's own redaction uses too. */
    private static final Pattern SECRET = Pattern.compile("(?i)secret|password|token|access[.]key");

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

    /**
     * A conf value as it may be shown: {@value #REDACTED} when Spark's default redaction pattern is
     * found in its key or in the value itself, as Spark's and Kyuubi's {@code Utils.redact} do (a
     * value such as {@code -Dpassword=…} under an innocent key is a secret too); else as it is.
     */
    public static String confValue(String key, String value) {
        return isSecret(key) || isSecret(value) ? REDACTED : value;
    }

    /** Whether the text names or holds what Spark's default pattern takes for a secret (found anywhere, any case). */
    static boolean isSecret(String text) {
        return SECRET.matcher(text).find();
    }
}
