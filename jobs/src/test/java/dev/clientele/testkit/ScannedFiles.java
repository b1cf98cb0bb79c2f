package dev.clientele.testkit;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.execution.datasources.HadoopFsRelation;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import org.apache.spark.sql.util.QueryExecutionListener;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Records the files every query of the session scans (the file index of each file relation it
 * reads), so a test can assert that a run opened no file it should have skipped. Use in
 * try-with-resources around the code under test, then call {@link #files()}.
 */
public final class ScannedFiles implements QueryExecutionListener, AutoCloseable {
  private final SparkSession spark;
  private final List<String> files = new ArrayList<>();

  private ScannedFiles(SparkSession spark) {
    this.spark = spark;
  }

  public static ScannedFiles record(SparkSession spark) {
    ScannedFiles s = new ScannedFiles(spark);
    spark.listenerManager().register(s);
    return s;
  }

  @Override
  public synchronized void onSuccess(String funcName, QueryExecution qe, long durationNs) {
    collect(qe.optimizedPlan());
  }

  @Override
  public synchronized void onFailure(String funcName, QueryExecution qe, Exception exception) {
    collect(qe.optimizedPlan());
  }

  private void collect(LogicalPlan plan) {
    for (LogicalPlan leaf : CollectionConverters.asJava(plan.collectLeaves())) {
      if (leaf instanceof LogicalRelation r && r.relation() instanceof HadoopFsRelation h) {
        files.addAll(List.of(h.location().inputFiles()));
      }
    }
  }

  /** Every file scanned so far (as the file index spells it), after the listener bus drained. */
  public List<String> files() {
    drain();
    synchronized (this) {
      return List.copyOf(files);
    }
  }

  private void drain() {
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("the listener bus did not drain", e);
    }
  }

  @Override
  public void close() {
    drain();
    spark.listenerManager().unregister(this);
  }
}
