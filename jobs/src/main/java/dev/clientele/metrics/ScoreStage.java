package dev.clientele.metrics;

import dev.clientele.pipeline.RunContext;
import dev.clientele.pipeline.Stage;
import dev.clientele.pipeline.StageResult;

/** The score stage. PLACEHOLDER: being written; the pipeline fails loudly until it is. */
public final class ScoreStage implements Stage {
  @Override
  public String name() {
    return "score";
  }

  @Override
  public StageResult run(RunContext ctx) {
    throw new UnsupportedOperationException("stage 'score' is not implemented yet");
  }
}
