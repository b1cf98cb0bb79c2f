package dev.clientele.metrics;

import dev.clientele.pipeline.RunContext;
import dev.clientele.pipeline.Stage;
import dev.clientele.pipeline.StageResult;

/** The clv stage. PLACEHOLDER: being written; the pipeline fails loudly until it is. */
public final class ClvStage implements Stage {
  @Override
  public String name() {
    return "clv";
  }

  @Override
  public StageResult run(RunContext ctx) {
    throw new UnsupportedOperationException("stage 'clv' is not implemented yet");
  }
}
