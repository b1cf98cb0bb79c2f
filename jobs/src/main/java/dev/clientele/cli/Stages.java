package dev.clientele.cli;

import dev.clientele.pipeline.Stage;
import java.util.List;

/**
 * The stages of the pipeline, in order (built here, at the entry point, so pipeline/ knows no
 * stage).
 */
final class Stages {
  private Stages() {}

  public static Stage ingest() {
    return new dev.clientele.ingest.IngestStage();
  }

  public static Stage resolve() {
    return new dev.clientele.identity.ResolveStage();
  }

  public static Stage score() {
    return new dev.clientele.metrics.ScoreStage();
  }

  public static Stage clv() {
    return new dev.clientele.metrics.ClvStage();
  }

  public static Stage segment() {
    return new dev.clientele.segments.SegmentStage();
  }

  public static Stage report() {
    return new dev.clientele.report.ReportStage();
  }

  public static Stage linkageQuality(String truth, String onlySource) {
    return new dev.clientele.quality.LinkageQualityStage(truth, onlySource);
  }

  public static Stage rotateKey() {
    return new dev.clientele.identity.KeyRotationStage();
  }

  public static List<Stage> pipeline() {
    return List.of(ingest(), resolve(), score(), clv(), segment(), report());
  }
}
