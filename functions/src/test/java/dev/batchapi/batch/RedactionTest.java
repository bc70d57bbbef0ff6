package dev.batchapi.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void confKeysMatchingSparksRedactionPatternHaveTheirValuesReplacedAsSparkDoes() {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.hadoop.fs.s3a.secret.key", "SECRET-VALUE");
        conf.put("spark.hadoop.fs.s3a.access.key", "AKIA-VALUE");
        conf.put("spark.some.Password", "pw");
        conf.put("spark.hadoop.fs.s3a.session.TOKEN", "tok");
        conf.put("spark.executor.memory", "2g");
        conf.put("spark.accesskey", "not matched: Spark's pattern wants access.key");

        assertThat(Redaction.conf(conf)).containsExactly(
                Map.entry("spark.hadoop.fs.s3a.secret.key", "*********(redacted)"),
                Map.entry("spark.hadoop.fs.s3a.access.key", "*********(redacted)"),
                Map.entry("spark.some.Password", "*********(redacted)"),
                Map.entry("spark.hadoop.fs.s3a.session.TOKEN", "*********(redacted)"),
                Map.entry("spark.executor.memory", "2g"),
                Map.entry("spark.accesskey", "not matched: Spark's pattern wants access.key"));
        assertThat(Redaction.isSensitive("spark.executor.memory")).isFalse();
    }

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
}
