package dev.batchapi.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.config.Config;
import dev.batchapi.support.LocalAws;
import dev.batchapi.support.SdkCallRecorder;
import java.util.Map;
import org.crac.Core;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The BASIC authorizer primes its two clients with reads: no sign-in is tried, so no failure is counted. */
class AuthorizerPrimingIT {

    @RegisterExtension
    static final LocalAws aws = new LocalAws();

    @Test
    void primingReadsTheTableAndTheSecretAndCountsNoSignIn() {
        SdkCallRecorder recorder = new SdkCallRecorder();
        BasicAuthorizerHandler authorizer = new BasicAuthorizerHandler(aws.contextWith(Map.of(Config.AUTH_MODE, "BASIC"), recorder));
        var items = aws.tableItems();

        assertThat(authorizer.priming().prime()).isEmpty();
        assertThat(recorder.actions()).containsExactly("dynamodb:GetItem", "secretsmanager:GetSecretValue");
        assertThat(aws.tableItems()).isEqualTo(items);
        assertThat(aws.signInFailureItems()).isEmpty();
        assertThat(authorizer.priming().registeredWith()).isSameAs(Core.getGlobalContext());
    }
}
