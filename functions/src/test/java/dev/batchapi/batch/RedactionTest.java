package dev.batchapi.batch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void aResourceIsShownWithoutUserinfoAndWithoutItsQuery() {
        assertThat(Redaction.resource("https://user:pw@host.example:8443/a.jar?X-Amz-Signature=abc&X-Amz-Credential=x"))
                .isEqualTo("https://host.example:8443/a.jar?<redacted>");
        assertThat(Redaction.resource("s3://bucket/jobs/a.jar?versionId=1#frag")).isEqualTo("s3://bucket/jobs/a.jar?<redacted>");
        assertThat(Redaction.resource("https://a@b@host/x.jar")).isEqualTo("https://host/x.jar");
        assertThat(Redaction.resource("s3://bucket/a@b.jar")).isEqualTo("s3://bucket/a@b.jar");
        assertThat(Redaction.resource("/home/alice/app.jar")).isEqualTo("/home/alice/app.jar");
        assertThat(Redaction.resource("s3://bucket/a.jar#alias")).isEqualTo("s3://bucket/a.jar#alias");
    }

    @Test
    void aConfValueIsRedactedWhenItsKeyOrItselfMatchesSparksDefaultPatternAnywhereInAnyCase() {
        assertThat(Redaction.confValue("spark.hadoop.fs.s3a.secret.key", "v")).isEqualTo("*********(redacted)");
        assertThat(Redaction.confValue("spark.ssl.keyStorePASSWORD", "v")).isEqualTo(Redaction.REDACTED);
        assertThat(Redaction.confValue("spark.some.Token", "v")).isEqualTo(Redaction.REDACTED);
        assertThat(Redaction.confValue("spark.hadoop.fs.s3a.access.key", "v")).isEqualTo(Redaction.REDACTED);
        assertThat(Redaction.confValue("spark.driver.extraJavaOptions", "-Dtrust.Password=v")).isEqualTo(Redaction.REDACTED);
        assertThat(Redaction.confValue("spark.hadoop.fs.s3a.accesskey", "v")).isEqualTo("v");
        assertThat(Redaction.confValue("spark.access_key", "access-key")).isEqualTo("access-key");
        assertThat(Redaction.confValue("spark.executor.memory", "2g")).isEqualTo("2g");
    }
}
