# Used by `sam build` only: every function in template.yaml has Metadata BuildMethod: makefile,
# because SAM's own Maven builder copies CodeUri (functions/) away from its parent pom and cannot
# build a module of a multi-module project. SAM runs `make build-<LogicalId>` in a copy of this
# directory and deploys what the target puts in $(ARTIFACTS_DIR); the Java runtime loads lib/*.jar.
# The jar is rebuilt only when a source changed, so the functions share one Maven build when the
# project was already packaged (`mvn -DskipTests package`).

JAR := functions/target/batch-api-functions.jar
SOURCES := pom.xml functions/pom.xml $(shell find functions/src/main -type f)

build-%: $(JAR)
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp $(JAR) "$(ARTIFACTS_DIR)/lib/"

$(JAR): $(SOURCES)
	mvn -B -q -DskipTests -pl functions -am package
