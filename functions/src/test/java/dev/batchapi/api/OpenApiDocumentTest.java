package dev.batchapi.api;

import dev.batchapi.config.Config;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.dialect.Dialects;
import dev.batchapi.support.ApiEvents;
import dev.batchapi.support.ApiResponse;
import dev.batchapi.support.OpenApiContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * openapi.json is a valid OpenAPI 3.1 document whose schemas are valid JSON Schema 2020-12, it says
 * what the code answers where the two must agree by construction, and its function serves it as stored.
 */
class OpenApiDocumentTest {

    private static final OpenApiContract CONTRACT = OpenApiContract.DOCUMENT;
    /** The OpenAPI 3.1 schema, Schema Objects included (vertx-openapi's copy of spec.openapis.org's). */
    private static final String OAS_31 = "https://spec.openapis.org/oas/3.1/schema-base/2022-10-07";

    @Test
    void theDocumentIsValidAgainstTheOpenApi31Schema() {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, builder -> builder
                .schemaIdResolvers(resolvers -> resolvers.mapPrefix("https://spec.openapis.org/", "classpath:spec.openapis.org/")));
        Schema oas = registry.getSchema(SchemaLocation.of(OAS_31));

        assertThat(oas.validate(CONTRACT.text(), InputFormat.JSON)).isEmpty();
        assertThat(CONTRACT.document().path("openapi").asString()).isEqualTo("3.1.0");
        // The schema does check: a response without its description, a schema of a wrong type.
        assertThat(oas.validate(CONTRACT.text().replace("\"description\": \"The batch.\",", ""), InputFormat.JSON))
                .extracting(Error::getMessage).anyMatch(message -> message.contains("description"));
        assertThat(oas.validate(CONTRACT.text().replace("\"type\": \"object\"", "\"type\": \"record\""), InputFormat.JSON))
                .isNotEmpty();
    }

    @Test
    void everySchemaOfTheDocumentIsValidJsonSchema202012() {
        Schema metaSchema = SchemaRegistry.withDefaultDialect(Dialects.getDraft202012())
                .getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));
        List<JsonNode> schemas = new ArrayList<>();
        collectSchemas(CONTRACT.document(), schemas);

        assertThat(schemas).hasSizeGreaterThan(40);
        for (JsonNode schema : schemas) {
            List<Error> errors = metaSchema.validate(schema);
            assertThat(errors).as(schema.toString()).isEmpty();
        }
    }

    @Test
    void each405SaysInAllowWhatItsPathServes() {
        for (ApiPath path : ApiPath.values()) {
            JsonNode allow = CONTRACT.document().path("paths").path(path.template().replace("/api/v1", ""))
                    .path(OpenApiContract.ANY_METHOD).path("responses").path("405").path("headers").path("Allow");

            assertThat(allow.path("required").asBoolean()).as(path.template()).isTrue();
            assertThat(allow.path("schema").path("const").asString()).as(path.template())
                    .isEqualTo(String.join(", ", path.methods()));
        }
    }

    @Test
    void everyAuthorizedOperationDocumentsTheRefusalsOfAuthenticationAndTheService() {
        CONTRACT.document().path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            JsonNode responses = operation.getValue().path("responses");
            if (!responses.isObject()) {
                return;
            }
            boolean authorized = !operation.getValue().has("security");
            for (String status : authorized ? List.of("400", "401", "403", "429", "500") : List.of("400", "429", "500")) {
                assertThat(responses.has(status)).as("%s %s %s", operation.getKey(), path.getKey(), status).isTrue();
            }
            assertThat(responses.has("401")).as("%s %s 401", operation.getKey(), path.getKey()).isEqualTo(authorized);
        }));
    }

    @Test
    void theFunctionServesTheDocumentAsStoredWithoutCredentials() {
        APIGatewayV2HTTPEvent request = ApiEvents.request("GET", "/api/v1/openapi.json").build();

        APIGatewayV2HTTPResponse response = new OpenApiHandler(Config.fromEnvironment(Map.of(Config.REGION, "us-east-1",
                Config.TABLE, "batches", Config.CLUSTER_ID, "j-1"))).handleRequest(request, null);

        ApiResponse answer = ApiResponse.of(request, response);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.headers()).isEqualTo(Map.of("Content-Type", "application/json; charset=utf-8"));
        assertThat(answer.body()).isEqualTo(CONTRACT.text());
    }

    /** Every Schema Object: the components' schemas, and those of parameters, headers and media types. */
    private static void collectSchemas(JsonNode node, List<JsonNode> schemas) {
        node.properties().forEach(field -> {
            if (field.getKey().equals("schema") && field.getValue().isObject()) {
                schemas.add(field.getValue());
            } else if (field.getKey().equals("schemas") && node == CONTRACT.document().path("components")) {
                field.getValue().values().forEach(schemas::add);
            } else if (field.getValue().isContainer()) {
                collectSchemas(field.getValue(), schemas);
            }
        });
        if (node.isArray()) {
            node.values().forEach(item -> collectSchemas(item, schemas));
        }
    }
}
