/**
 * A DynamoDB stand-in for integration tests and the local stack; {@link
 * dev.batchapi.local.dynamodb.DynamoDbEmulator} is its only public type.
 *
 * <p>How it is built: each operation class ({@code TableOperations}, {@code ItemOperations},
 * {@code BatchOperations}, {@code TransactionOperations}, {@code QueryOperations}) reads its request
 * with DynamoDB's validation, runs under the {@code Database} lock (one writer at a time, so every
 * write, transactions included, is atomic and linearizable), and commits its changes as
 * {@code Mutation}s, which a {@code DataDirectory} journals before they are applied. Expressions are
 * parsed into sealed trees ({@code Condition}, {@code UpdateAction}, {@code KeyCondition},
 * {@code ProjectionExpression}) evaluated against immutable {@code Item}s of {@code AttributeValue}s.
 * A table created with a StreamSpecification keeps a {@code TableStream}: each commit adds a
 * {@code StreamRecord} per item it changed to the same journaled commit, and {@code StreamOperations}
 * serves them as DynamoDB Streams does.
 */
package dev.batchapi.local.dynamodb;
