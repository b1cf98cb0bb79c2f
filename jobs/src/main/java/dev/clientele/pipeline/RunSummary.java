package dev.clientele.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.clientele.Errors;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run summary written as JSON to {@code <warehouse>/_runs/<as-of>/<run-id>.json} by every run,
 * also a failed one. Its fields are documented in the README and kept stable ({@link
 * #SCHEMA_VERSION} changes when they do). No raw personal data goes in here.
 */
public final class RunSummary {
  public static final int SCHEMA_VERSION = 1;

  private final Map<String, Object> root = new LinkedHashMap<>();
  private final List<Map<String, Object>> stages = new ArrayList<>();

  public RunSummary(
      String runId, String command, String asOf, Instant startedAt, String configHash) {
    root.put("schema_version", SCHEMA_VERSION);
    root.put("run_id", runId);
    root.put("command", command);
    root.put("as_of", asOf);
    root.put("status", "running");
    root.put("error", null);
    root.put("started_at", startedAt.toString());
    root.put("ended_at", null);
    root.put("jar_version", BuildInfo.version());
    root.put("git_commit", BuildInfo.gitCommit());
    root.put("config_hash", configHash);
    root.put("stages", stages);
    root.put("tables_written", new LinkedHashMap<String, Long>());
    root.put("models", new LinkedHashMap<String, Object>());
    root.put("data_quality", new LinkedHashMap<String, Object>());
  }

  public synchronized void stage(String name, StageResult result, double seconds) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("stage", name);
    s.put("rows_in", result.rowsIn());
    s.put("rows_out", result.rowsOut());
    s.put("seconds", Math.round(seconds * 1000) / 1000.0);
    s.put("details", result.details());
    stages.add(s);
  }

  @SuppressWarnings("unchecked")
  public synchronized void model(String name, Object parameters) {
    ((Map<String, Object>) root.get("models")).put(name, parameters);
  }

  @SuppressWarnings("unchecked")
  public synchronized void dataQuality(String key, Object value) {
    ((Map<String, Object>) root.get("data_quality")).put(key, value);
  }

  @SuppressWarnings("unchecked")
  public synchronized void tablesWritten(Map<String, Long> versions) {
    ((Map<String, Long>) root.get("tables_written")).putAll(versions);
  }

  public synchronized void finish(String status, String error, Instant endedAt) {
    root.put("status", status);
    root.put("error", error);
    root.put("ended_at", endedAt.toString());
  }

  public Object get(String key) {
    return root.get(key);
  }

  public List<Map<String, Object>> stages() {
    return stages;
  }

  public String toJson() {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
    } catch (IOException e) {
      throw Errors.internal("cannot render the run summary as JSON", e);
    }
  }
}
