package dev.clientele.ingest;

import dev.clientele.pipeline.RunContext;
import dev.clientele.pipeline.Stage;
import dev.clientele.pipeline.StageResult;

/** The ingest stage. PLACEHOLDER: being written; the pipeline fails loudly until it is. */
public final class IngestStage implements Stage {
  @Override
  public String name() {
    return "ingest";
  }

  @Override
  public StageResult run(RunContext ctx) {
    throw new UnsupportedOperationException("stage 'ingest' is not implemented yet");
  }
}
