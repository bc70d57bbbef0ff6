package dev.batchapi.config;

/** How a deployment learns who is calling. */
public enum AuthMode {
    /** API Gateway's AWS_IAM authorization: the caller is the signing IAM principal. */
    IAM,
    /** Local development only: a Basic user name is taken as given, "anonymous" without one. */
    NONE
}
