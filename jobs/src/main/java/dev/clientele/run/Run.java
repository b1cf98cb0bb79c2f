package dev.clientele.run;

import java.util.Objects;

/** One run: its id (stamped on every row it writes) and its as-of day. */
public record Run(String runId, AsOf asOf) {
  public Run {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(asOf, "asOf");
  }
}
