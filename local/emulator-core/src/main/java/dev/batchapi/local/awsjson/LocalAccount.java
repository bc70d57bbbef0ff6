package dev.batchapi.local.awsjson;

/** There is no account or region here: every stand-in is the same fixed account in us-east-1. */
public final class LocalAccount {

    private static final String REGION = "us-east-1";
    private static final String ACCOUNT_ID = "000000000000";

    private LocalAccount() {
    }

    /** The ARN of a resource, e.g. {@code arn("dynamodb", "table/jobs")}. */
    /** The region every ARN and record of the stand-ins names. */
    public static String region() {
        return REGION;
    }

    public static String accountId() {
        return ACCOUNT_ID;
    }

    public static String arn(String service, String resource) {
        return "arn:aws:" + service + ":" + REGION + ":" + ACCOUNT_ID + ":" + resource;
    }
}
