# Shared by the scripts: project root, the job jar, the cached full classpath, Spark's JVM flags.
# shellcheck shell=bash
CLIENTELE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLIENTELE_VERSION="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$CLIENTELE_ROOT/pom.xml" | head -1)"
CLIENTELE_THIN_JAR="$CLIENTELE_ROOT/jobs/target/clientele-jobs-$CLIENTELE_VERSION.jar"
CLIENTELE_JOB_JAR="$CLIENTELE_ROOT/jobs/target/clientele-jobs-$CLIENTELE_VERSION-job.jar"
CLIENTELE_CLASSPATH_FILE="$CLIENTELE_ROOT/jobs/target/classpath.txt"
# The benchmark module (generator, DuckDB peer, resolution quality): its jar and DuckDB's jar path,
# which go on top of the job module's classpath (clientele_bench_classpath).
CLIENTELE_BENCH_JAR="$CLIENTELE_ROOT/bench/target/clientele-bench-$CLIENTELE_VERSION.jar"
CLIENTELE_BENCH_DEPS_FILE="$CLIENTELE_ROOT/bench/target/duckdb-classpath.txt"
# Spark's --add-opens list, from the one file the build also reads.
JVM_OPENS="$(sed -n 's/^jvm.opens=//p' "$CLIENTELE_ROOT/conf/jvm-opens.properties")"

# Builds the jars when a source is newer than the job jar; caches the dependency classpath
# (Spark included: it is 'provided' for the cluster jar, but embedded Spark needs it).
clientele_build() {
  local newest
  newest="$(find "$CLIENTELE_ROOT/jobs/src/main" "$CLIENTELE_ROOT/bench/src/main" "$CLIENTELE_ROOT/conf" \
    "$CLIENTELE_ROOT/pom.xml" "$CLIENTELE_ROOT/jobs/pom.xml" "$CLIENTELE_ROOT/bench/pom.xml" \
    -newer "$CLIENTELE_JOB_JAR" -type f 2>/dev/null | head -1 || true)"
  if [[ ! -f "$CLIENTELE_JOB_JAR" || ! -f "$CLIENTELE_BENCH_JAR" || ! -f "$CLIENTELE_BENCH_DEPS_FILE" \
        || -n "$newest" ]]; then
    echo "[clientele] building the job jar (mvn package -DskipTests)..." >&2
    (cd "$CLIENTELE_ROOT" && mvn -B -q -Dstyle.color=never -DskipTests package) >&2
  fi
  if [[ ! -f "$CLIENTELE_CLASSPATH_FILE" || "$CLIENTELE_ROOT/jobs/pom.xml" -nt "$CLIENTELE_CLASSPATH_FILE" \
        || "$CLIENTELE_ROOT/pom.xml" -nt "$CLIENTELE_CLASSPATH_FILE" ]]; then
    (cd "$CLIENTELE_ROOT" && mvn -B -q -Dstyle.color=never dependency:build-classpath -pl jobs \
      -Dmdep.outputFile="$CLIENTELE_CLASSPATH_FILE" -Dmdep.includeScope=compile) >&2
    # includeScope=compile does not include 'provided'; add those (Spark) separately.
    (cd "$CLIENTELE_ROOT" && mvn -B -q -Dstyle.color=never dependency:build-classpath -pl jobs \
      -Dmdep.outputFile="$CLIENTELE_CLASSPATH_FILE.provided" -Dmdep.includeScope=provided) >&2
    { cat "$CLIENTELE_CLASSPATH_FILE"; printf ':'; cat "$CLIENTELE_CLASSPATH_FILE.provided"; } \
      > "$CLIENTELE_CLASSPATH_FILE.all"
    mv "$CLIENTELE_CLASSPATH_FILE.all" "$CLIENTELE_CLASSPATH_FILE"
  fi
}

# The benchmark's classpath: its jar, the job module's thin jar and classpath, DuckDB.
clientele_bench_classpath() {
  printf '%s' "$CLIENTELE_BENCH_JAR:$CLIENTELE_THIN_JAR:$(cat "$CLIENTELE_CLASSPATH_FILE"):$(cat "$CLIENTELE_BENCH_DEPS_FILE")"
}

# A SPARK_HOME without a Spark download: its jars/ resolved from Maven (scripts/spark-dist/pom.xml,
# the same Spark version as the build). Used by local-cluster.sh and by submit.sh when no
# spark-submit is installed.
clientele_spark_home() { # dir
  if [[ ! -f "$1/jars/.complete" ]]; then
    echo "[clientele] resolving Spark's jars into $1/jars ..." >&2
    mkdir -p "$1/jars"
    (cd "$CLIENTELE_ROOT" && mvn -B -q -Dstyle.color=never -f scripts/spark-dist/pom.xml dependency:copy-dependencies \
      -DoutputDirectory="$1/jars") >&2
    touch "$1/jars/.complete"
  fi
}
