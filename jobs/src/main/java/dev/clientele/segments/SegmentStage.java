package dev.clientele.segments;

import dev.clientele.pipeline.RunContext;
import dev.clientele.pipeline.Stage;
import dev.clientele.pipeline.StageResult;

/** The segment stage. PLACEHOLDER: being written; the pipeline fails loudly until it is. */
public final class SegmentStage implements Stage {
  @Override
  public String name() {
    return "segment";
  }

  @Override
  public StageResult run(RunContext ctx) {
    throw new UnsupportedOperationException("stage 'segment' is not implemented yet");
  }
}
