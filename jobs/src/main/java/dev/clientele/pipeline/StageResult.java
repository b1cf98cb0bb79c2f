package dev.clientele.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a stage reports to the run summary: rows in and out, plus named details (per-source counts,
 * model parameters, data-quality results). Details hold only small values, never raw PII.
 */
public final class StageResult {
  private final long rowsIn;
  private final long rowsOut;
  private final Map<String, Object> details = new LinkedHashMap<>();

  public StageResult(long rowsIn, long rowsOut) {
    this.rowsIn = rowsIn;
    this.rowsOut = rowsOut;
  }

  public StageResult detail(String key, Object value) {
    details.put(key, value);
    return this;
  }

  public long rowsIn() {
    return rowsIn;
  }

  public long rowsOut() {
    return rowsOut;
  }

  public Map<String, Object> details() {
    return details;
  }
}
