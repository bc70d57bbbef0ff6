package dev.batchapi.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequiredClaimTest {

    private final RequiredClaim group = RequiredClaim.parse("cognito:groups=batch-users");

    @Test
    void aStringClaimMustEqualTheValue() {
        assertThat(RequiredClaim.parse("tenant=data").isMetBy("data")).isTrue();
        assertThat(RequiredClaim.parse("tenant=data").isMetBy("data-team")).isFalse();
        assertThat(RequiredClaim.parse("tenant=data").isMetBy(null)).isFalse();
    }

    @Test
    void aListClaimAsApiGatewayPassesItMustHoldTheValueAsOneEntry() {
        assertThat(group.isMetBy("[admins batch-users]")).isTrue();
        assertThat(group.isMetBy("[batch-users]")).isTrue();
        assertThat(group.isMetBy("[batch-users-old admins]")).isFalse();
        assertThat(group.isMetBy("[]")).isFalse();
        assertThat(group.isMetBy("batch-users-old")).isFalse();
    }

    @Test
    void theValueMayHoldAnEqualsSign() {
        assertThat(RequiredClaim.parse("custom:tier=a=b")).isEqualTo(new RequiredClaim("custom:tier", "a=b"));
    }
}
