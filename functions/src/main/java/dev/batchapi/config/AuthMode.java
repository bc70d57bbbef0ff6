package dev.batchapi.config;

/** How a deployment learns who is calling. */
public enum AuthMode {
    /** API Gateway's AWS_IAM authorization: the caller is the signing IAM principal. */
    IAM,
    /** HTTP Basic credentials, verified by the BASIC Lambda authorizer against the users secret. */
    BASIC,
    /** API Gateway's JWT authorizer: the caller is named by a claim of the verified token. */
    JWT,
    /** Local development only: a Basic user name is taken as given, "anonymous" without one. */
    NONE
}
