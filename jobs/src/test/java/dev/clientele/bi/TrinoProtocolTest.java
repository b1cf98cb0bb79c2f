package dev.clientele.bi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clientele.pipeline.SamplePipeline;
import dev.clientele.testkit.SparkTest;
import io.delta.kernel.Table;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.SnapshotImpl;
import io.delta.kernel.internal.actions.Protocol;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fast half of the BI compatibility guard (BiTrinoIT reads every table through a real Trino):
 * each output table's Delta protocol is one Trino 476's Delta Lake connector reads, so a table
 * property that would lock BI users out (a new reader feature) fails the build here.
 */
@ExtendWith(SparkTest.class)
class TrinoProtocolTest {
  /** Reader features Trino 476 reads (its Delta Lake connector documentation, "Table features"). */
  static final Set<String> TRINO_476_READER_FEATURES =
      Set.of(
          "columnMapping",
          "deletionVectors",
          "timestampNtz",
          "v2Checkpoint",
          "vacuumProtocolCheck");

  static final int TRINO_476_MAX_READER_VERSION = 3;

  /** Why Trino 476 cannot read a table of this protocol; empty when it can. */
  static List<String> unreadable(int readerVersion, Set<String> readerFeatures) {
    List<String> why = new ArrayList<>();
    if (readerVersion > TRINO_476_MAX_READER_VERSION) {
      why.add("reader version " + readerVersion + " > " + TRINO_476_MAX_READER_VERSION);
    }
    for (String f : new TreeSet<>(readerFeatures)) {
      if (!TRINO_476_READER_FEATURES.contains(f)) {
        why.add("reader feature " + f);
      }
    }
    return why;
  }

  @Test
  void everyOutputTableHasAProtocolTrino476Reads() {
    Path wh = SamplePipeline.warehouse();
    Engine engine = DefaultEngine.create(new Configuration());
    List<String> problems = new ArrayList<>();
    String[] tables =
        wh.toFile()
            .list((d, n) -> !n.startsWith("_") && new File(d, n + "/_delta_log").isDirectory());
    assertTrue(tables != null && tables.length >= 15, "the sample run wrote its tables");
    for (String t : tables) {
      SnapshotImpl snapshot =
          (SnapshotImpl) Table.forPath(engine, wh.resolve(t).toString()).getLatestSnapshot(engine);
      Protocol p = snapshot.getProtocol();
      unreadable(p.getMinReaderVersion(), p.getReaderFeatures())
          .forEach(why -> problems.add(t + ": " + why));
    }
    assertEquals(List.of(), problems, "tables whose Delta protocol Trino 476 cannot read");
  }

  @Test
  void theCheckRejectsWhatTrinoCannotRead() {
    assertFalse(unreadable(3, Set.of("variantType")).isEmpty(), "variantType is not read by 476");
    assertFalse(unreadable(4, Set.of()).isEmpty(), "a reader version above 3");
    assertEquals(List.of(), unreadable(3, Set.of("deletionVectors")), "deletion vectors are read");
  }
}
