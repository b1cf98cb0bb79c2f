package dev.clientele.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clientele.cli.ClienteleMain;
import dev.clientele.testkit.OutputCapture;
import dev.clientele.testkit.SparkTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Pairwise and B-cubed figures worked by hand, alone and through {@code linkage-quality}. */
@ExtendWith(SparkTest.class)
class LinkageQualityTest {
  private static final double EPS = 1e-6;

  @TempDir Path dir;

  /**
   * Clusters {a,b,c} {d} {e,f}; truth {a,b,c,d} {e} {f}. Cells: (c1,t1)=3, (c2,t1)=1, (c3,t2)=1,
   * (c3,t3)=1. True positive pairs 3 (ab, ac, bc); predicted 3 + 0 + 1 = 4; true 6. Precision 3/4,
   * recall 3/6, F1 2 x 0.75 x 0.5 / 1.25 = 0.6. B-cubed precision per record: a, b, c 3/3, d 1/1, e
   * 1/2, f 1/2: 5/6; recall: a, b, c 3/4, d 1/4, e 1/1, f 1/1: 4.5 / 6 = 0.75; F1 2 x (5/6) x 0.75
   * / (5/6 + 0.75) = 1.25 / 1.583333 = 0.789474. Asymmetric on purpose: swapped formulas fail.
   */
  @Test
  void pairwiseAndBCubedFiguresByHand() {
    LinkageQuality.Figures f =
        LinkageQuality.measure(
            labelled(
                new String[][] {
                  {"c1", "t1"}, {"c1", "t1"}, {"c1", "t1"}, {"c2", "t1"}, {"c3", "t2"}, {"c3", "t3"}
                }));
    assertEquals(6, f.records());
    assertEquals(3, f.truePositivePairs());
    assertEquals(4, f.predictedPairs());
    assertEquals(6, f.truePairs());
    assertEquals(0.75, f.precision(), EPS);
    assertEquals(0.5, f.recall(), EPS);
    assertEquals(0.6, f.f1(), EPS);
    assertEquals(5.0 / 6, f.bCubedPrecision(), EPS);
    assertEquals(0.75, f.bCubedRecall(), EPS);
    assertEquals(0.789474, f.bCubedF1(), EPS);
  }

  /** All singletons against all singletons: no pair to find and none wrong, B-cubed perfect. */
  @Test
  void singletonsOnBothSidesArePerfect() {
    LinkageQuality.Figures f =
        LinkageQuality.measure(labelled(new String[][] {{"c1", "t1"}, {"c2", "t2"}}));
    assertEquals(0, f.predictedPairs());
    assertEquals(1.0, f.precision(), EPS);
    assertEquals(1.0, f.recall(), EPS);
    assertEquals(1.0, f.bCubedF1(), EPS);
  }

  /**
   * Through the command on a labelled CSV, deterministic links only (fuzzy matching off, so the
   * clusters are known): c1 and c2 share an e-mail written differently (one cluster, person P1); c3
   * is P1 too but holds no identifier (alone: a miss); c4 and c5 share an e-mail but are P2 and P3
   * (a false merge); c6 is P4 alone; c7 has no label. Labelled records 6; cells (c1c2, P1)=2, (c3,
   * P1)=1, (c4c5, P2)=1, (c4c5, P3)=1, (c6, P4)=1. True positive pairs 1 (c1-c2), predicted 2
   * (c1-c2, c4-c5), true 3 (P1's three records): precision 0.5, recall 1/3, F1 0.4. B-cubed
   * precision: c1, c2 2/2, c3 1/1, c4, c5 1/2, c6 1/1: 5/6; recall: c1, c2 2/3, c3 1/3, c4, c5, c6
   * 1/1: (14/3) / 6 = 7/9.
   */
  @Test
  void theCommandMeasuresIngestAndResolveAgainstTheTruthColumn() throws Exception {
    Path conf = labelledSource(dir.resolve("wh"));
    SparkTest.spark();
    OutputCapture.Captured<Integer> run =
        OutputCapture.during(
            () ->
                ClienteleMain.execute(
                    "linkage-quality",
                    "--config",
                    conf.toString(),
                    "--as-of",
                    "2024-12-31",
                    "--truth",
                    "person"));
    assertEquals(0, run.result(), run.text());
    Map<String, Object> details = lastStageDetails(dir.resolve("wh"));
    assertEquals(6L, ((Number) details.get("labelled_records")).longValue(), details.toString());
    assertEquals(1L, ((Number) details.get("unlabelled_records")).longValue());
    assertEquals(0L, ((Number) details.get("labelled_not_resolved")).longValue());
    assertEquals(2L, ((Number) details.get("predicted_pairs")).longValue());
    assertEquals(3L, ((Number) details.get("true_pairs")).longValue());
    assertEquals(0.5, ((Number) details.get("precision")).doubleValue(), EPS);
    assertEquals(1.0 / 3, ((Number) details.get("recall")).doubleValue(), EPS);
    assertEquals(0.4, ((Number) details.get("f1")).doubleValue(), EPS);
    assertEquals(5.0 / 6, ((Number) details.get("b_cubed_precision")).doubleValue(), EPS);
    assertEquals(7.0 / 9, ((Number) details.get("b_cubed_recall")).doubleValue(), EPS);
    assertTrue(run.text().contains("precision"), "the figures are printed: " + run.text());
    // The figures are counts and ratios: no e-mail of the labelled file reaches the console.
    assertTrue(!run.text().contains("example.org"), run.text());
  }

  @Test
  void aTruthThatDoesNotParseFailsBeforeAnyDataIsRead() throws Exception {
    Path conf = labelledSource(dir.resolve("wh2"));
    OutputCapture.Captured<Integer> run =
        OutputCapture.during(
            () ->
                ClienteleMain.execute(
                    "linkage-quality", "--config", conf.toString(), "--truth", "person ("));
    assertEquals(2, run.result(), run.text());
    assertTrue(run.text().contains("--truth: cannot parse"), run.text());
    assertTrue(!Files.exists(dir.resolve("wh2")), "nothing written");
  }

  /** The labelled CRM file of the command test and a configuration reading it into {@code wh}. */
  private Path labelledSource(Path wh) throws java.io.IOException {
    Path csv = dir.resolve("crm.csv");
    Files.writeString(
        csv,
        String.join(
            "\n",
            "id,first,last,mail,person",
            "c1,Anna,Martin,anna.martin@example.org,P1",
            "c2,Anna,Martin,Anna.Martin@Example.org,P1",
            "c3,Anne,Martin,,P1",
            "c4,Bob,Durand,bob@example.org,P2",
            "c5,Rob,Durand,bob@example.org,P3",
            "c6,Carol,Petit,carol@example.org,P4",
            "c7,Dan,Roux,dan@example.org,",
            ""));
    Path conf = dir.resolve("labelled.conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "clientele {",
            "  warehouse = \"" + wh + "\"",
            "  identity.fuzzy.enabled = false",
            "  sources.crm {",
            "    path = \"" + csv + "\", format = csv, channel = offline, kind = customers",
            "    mapping { customer_key = \"id\", first_name = \"first\", last_name = \"last\",",
            "      email = \"mail\" }",
            "  }",
            "}",
            ""));
    return conf;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> lastStageDetails(Path wh) throws Exception {
    Path summary;
    try (var files = Files.walk(wh.resolve("_runs"))) {
      summary = files.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
    }
    Map<String, Object> json =
        new com.fasterxml.jackson.databind.ObjectMapper().readValue(summary.toFile(), Map.class);
    List<Map<String, Object>> stages = (List<Map<String, Object>>) json.get("stages");
    Map<String, Object> last = stages.get(stages.size() - 1);
    assertEquals("linkage-quality", last.get("stage"));
    return (Map<String, Object>) last.get("details");
  }

  private static Dataset<Row> labelled(String[][] rows) {
    StructType schema =
        new StructType()
            .add(LinkageQuality.CLUSTER, DataTypes.StringType)
            .add(LinkageQuality.TRUTH, DataTypes.StringType);
    List<Row> list = java.util.Arrays.stream(rows).map(r -> RowFactory.create(r[0], r[1])).toList();
    return SparkTest.spark().createDataFrame(list, schema);
  }
}
