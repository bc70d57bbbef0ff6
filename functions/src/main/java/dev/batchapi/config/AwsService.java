package dev.batchapi.config;

/** The AWS services a function may call, so that it builds the clients of those only. */
public enum AwsService {
    DYNAMODB,
    EMR,
    S3,
    SECRETS_MANAGER,
    EVENTBRIDGE
}
