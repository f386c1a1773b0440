package org.camsink.lambda.store.dynamo;

import java.time.Duration;
import org.camsink.lambda.config.BackendConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Builds the one DynamoDB client of a function: explicit region and credentials provider (so the SDK does not walk
 * its provider chains at cold start) and the URLConnection HTTP client (small, no extra threads).
 */
public final class DynamoClients {
    private DynamoClients() {}

    /** In Lambda: credentials from the environment the runtime sets; an endpoint only when configured. */
    public static DynamoDbClient forLambda(BackendConfig config) {
        AwsCredentialsProvider credentials = config.endpoint().isPresent()
                ? localCredentials()
                : EnvironmentVariableCredentialsProvider.create();
        return build(config, credentials);
    }

    /** For a local DynamoDB-compatible server: static dummy credentials. */
    public static DynamoDbClient forLocal(BackendConfig config) {
        return build(config, localCredentials());
    }

    private static AwsCredentialsProvider localCredentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    }

    private static DynamoDbClient build(BackendConfig config, AwsCredentialsProvider credentials) {
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .region(Region.of(config.region()))
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(10)));
        config.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }
}
