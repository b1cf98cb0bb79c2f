package dev.clientele.report;

import dev.clientele.pipeline.RunContext;
import dev.clientele.pipeline.Stage;
import dev.clientele.pipeline.StageResult;

/** The report stage. PLACEHOLDER: being written; the pipeline fails loudly until it is. */
public final class ReportStage implements Stage {
  @Override
  public String name() {
    return "report";
  }

  @Override
  public StageResult run(RunContext ctx) {
    throw new UnsupportedOperationException("stage 'report' is not implemented yet");
  }
}
