package dev.batchapi.local.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchapi.local.awsjson.AwsJsonServer;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

class SecretsManagerEmulatorTest {

    private final SecretsManagerEmulator emulator = new SecretsManagerEmulator(Clock.systemUTC());
    private final AwsJsonServer server = AwsJsonServer.start(emulator, 0);
    private final SecretsManagerClient client = SecretsManagerClient.builder()
            .endpointOverride(server.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClient(UrlConnectionHttpClient.create())
            .build();

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void aSecretIsReadByNameOrArnAndANewValueIsANewVersion() {
        String arn = client.createSecret(request -> request.name("users").secretString("{}")).arn();
        assertThat(arn).matches("arn:aws:secretsmanager:us-east-1:000000000000:secret:users-[A-Za-z0-9]{6}");

        GetSecretValueResponse first = client.getSecretValue(request -> request.secretId("users"));
        assertThat(first.secretString()).isEqualTo("{}");
        assertThat(first.arn()).isEqualTo(arn);
        assertThat(first.versionStages()).containsExactly("AWSCURRENT");

        client.putSecretValue(request -> request.secretId(arn).secretString("{\"alice\":\"x\"}"));
        GetSecretValueResponse second = client.getSecretValue(request -> request.secretId(arn));
        assertThat(second.secretString()).isEqualTo("{\"alice\":\"x\"}");
        assertThat(second.versionId()).isNotEqualTo(first.versionId());
    }

    @Test
    void unknownAndDuplicateSecretsAreRefusedInTheServicesWords() {
        assertThatThrownBy(() -> client.getSecretValue(request -> request.secretId("missing")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageStartingWith("Secrets Manager can't find the specified secret.");
        emulator.createSecret("users", "{}");
        assertThatThrownBy(() -> client.createSecret(request -> request.name("users").secretString("{}")))
                .isInstanceOf(ResourceExistsException.class);
    }
}
