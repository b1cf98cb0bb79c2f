package dev.clientele.pipeline;

import dev.clientele.config.Settings;

/** One step of the pipeline: read, pure transforms, write, and return counts for the summary. */
public interface Stage {
  /** The subcommand name of this stage (ingest, resolve, score, clv, segment, report). */
  String name();

  /**
   * Checks this stage's configuration (paths, expressions, rule lists) before any data is read;
   * throws a {@code ClienteleException} naming the problem.
   */
  default void validate(Settings settings) {}

  StageResult run(RunContext ctx);

  /**
   * True for the stage that moves the warehouse to another HMAC key: the run then skips the check
   * that the warehouse was built with the current key (the stage checks the recorded one itself).
   */
  default boolean changesWarehouseKey() {
    return false;
  }
}
