package dev.clientele.identity;

import dev.clientele.pipeline.RunContext;
import dev.clientele.pipeline.Stage;
import dev.clientele.pipeline.StageResult;

/** The resolve stage. PLACEHOLDER: being written; the pipeline fails loudly until it is. */
public final class ResolveStage implements Stage {
  @Override
  public String name() {
    return "resolve";
  }

  @Override
  public StageResult run(RunContext ctx) {
    throw new UnsupportedOperationException("stage 'resolve' is not implemented yet");
  }
}
