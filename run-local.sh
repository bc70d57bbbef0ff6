#!/usr/bin/env bash
# The whole batch API on this machine: builds what is missing, then runs the local stack in the
# foreground. Options: --port N (8080), --data-dir DIR (.batch-api-local), --step-concurrency N,
# --admins a,b, --users-file FILE (BASIC authentication against those users; see README).
# Set SPARK_HOME to a Spark distribution to run steps with it (PySpark too); FLINK batches run on a
# local MiniCluster from Flink's Maven Central jars.
# --help prints every option. Ctrl-C or SIGTERM stops everything it started (a script that starts
# it in the background should send SIGTERM: a background job ignores SIGINT).
set -euo pipefail
cd "$(dirname "$0")"

jar=local/server/target/batch-api-local.jar
sources=(pom.xml template.yaml functions local/emulator-core local/dynamodb-emulator local/secrets-emulator local/emr-emulator
         local/sam-template local/spark-runtime local/flink-runtime local/demo-apps local/server)
if [ ! -f "$jar" ] || [ ! -d local/spark-runtime/target/spark-jars ] || [ ! -d local/flink-runtime/target/flink-jars ] \
   || [ -n "$(find "${sources[@]}" -newer "$jar" -not -path '*/target/*' -type f -print -quit)" ]; then
  echo "Building the local stack (first time: a few minutes, Spark's and Flink's jars are fetched from Maven Central)..."
  mvn -q -B -DskipTests -pl local/server -am package
fi
exec java -jar "$jar" "$@"
