package dev.clientele.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clientele.io.Runs;
import dev.clientele.io.TableIO;
import dev.clientele.pipeline.RunSummary;
import dev.clientele.report.ReportData.SourceQuality;
import dev.clientele.schema.Tables;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * Stage details the report shows (ingest's per-source counts, score's concentration figures): from
 * this run's summary, or, for a stage this run did not run (e.g. {@code report --as-of D} alone),
 * from the latest successful run of the same as-of date in the {@code runs} table.
 */
public final class RunFacts {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Enough recent runs of one date to find each stage; runs are a handful per day. */
  private static final int RECENT_RUNS = 20;

  private final Map<String, JsonNode> details;

  RunFacts(Map<String, JsonNode> details) {
    this.details = details;
  }

  public static RunFacts of(RunSummary summary, TableIO io, LocalDate asOf) {
    Map<String, JsonNode> details = new HashMap<>();
    for (Map<String, Object> stage : summary.stages()) {
      try {
        details.put(String.valueOf(stage.get("stage")), JSON.valueToTree(stage.get("details")));
      } catch (IllegalArgumentException e) {
        // A detail Jackson cannot represent only means fewer facts in the report.
      }
    }
    if (!(details.containsKey("ingest") && details.containsKey("score"))
        && io.exists(Tables.RUNS)) {
      addEarlierRuns(details, io, asOf);
    }
    return new RunFacts(details);
  }

  private static void addEarlierRuns(Map<String, JsonNode> details, TableIO io, LocalDate asOf) {
    // The latest RECENT_RUNS rows of one date: a bounded, small collect.
    List<Row> runs =
        new Runs(io).publishing(asOf).select("summary_json").limit(RECENT_RUNS).collectAsList();
    for (Row run : runs) {
      try {
        for (JsonNode stage : JSON.readTree(run.getString(0)).path("stages")) {
          details.putIfAbsent(stage.path("stage").asText(), stage.path("details"));
        }
      } catch (java.io.IOException | RuntimeException e) {
        // A summary that does not parse only means fewer facts in the report.
      }
    }
  }

  /** A numeric detail of a stage, or null when absent. */
  public Double number(String stage, String key) {
    JsonNode v = details.getOrDefault(stage, JSON.nullNode()).path(key);
    return v.isNumber() ? v.asDouble() : null;
  }

  /** Ingest's per-source counts, or null when no ingest run is at hand. */
  public List<SourceQuality> sources() {
    JsonNode sources = details.getOrDefault("ingest", JSON.nullNode()).path("sources");
    if (!sources.isObject()) {
      return null;
    }
    List<SourceQuality> out = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> it = sources.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode s = e.getValue();
      Map<String, Long> reasons = new LinkedHashMap<>();
      s.path("reasons")
          .fields()
          .forEachRemaining(r -> reasons.put(r.getKey(), r.getValue().asLong()));
      out.add(
          new SourceQuality(
              e.getKey(),
              s.path("read").asLong(),
              s.path("accepted").asLong(),
              s.path("quarantined").asLong(),
              reasons));
    }
    return out;
  }
}
