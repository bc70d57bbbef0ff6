package dev.batchapi.local.awsjson;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MemberPathTest {

    @Test
    void namesMembersInLowerCamelCaseAndListElementsFromOne() {
        MemberPath path = MemberPath.ROOT.member("Steps").element(0).member("HadoopJarStep").member("Jar");

        assertThat(path).hasToString("steps.1.member.hadoopJarStep.jar");
    }

    @Test
    void aConstraintViolationQuotesTheValueAndNamesTheMember() {
        assertThat(AwsErrors.constraintViolated(MemberPath.ROOT.member("TableName"), "ab",
                "Member must have length between 3 and 255"))
                .hasMessage("1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint:"
                        + " Member must have length between 3 and 255")
                .satisfies(error -> assertThat(error.errorCode()).isEqualTo("ValidationException"));
        assertThat(AwsErrors.constraintViolated(MemberPath.ROOT.member("ClusterId"), null, "Member must not be null"))
                .hasMessageContaining("Value null at 'clusterId'");
    }
}
