package dev.clientele.segments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clientele.config.ClusteringSettings;
import dev.clientele.config.ClusteringSettings.Algorithm;
import dev.clientele.config.ClusteringSettings.Mode;
import dev.clientele.testkit.SparkTest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Planted clusters: three groups of 40 customers with well separated behaviour (recent, frequent,
 * big online outdoor buyers; lapsed one-off in-store book buyers; mid-way omnichannel gardeners)
 * plus seeded noise. The clusters must be recovered (adjusted Rand index > 0.9).
 */
@ExtendWith(SparkTest.class)
class BehaviouralClustersTest {
  private static final int PER_GROUP = 40;
  private static final StructType VIEW =
      new StructType()
          .add("customer_id", DataTypes.StringType)
          .add("recency_days", DataTypes.IntegerType)
          .add("order_count", DataTypes.LongType)
          .add("monetary_net", DataTypes.DoubleType)
          .add("avg_order_value", DataTypes.DoubleType)
          .add("online_share", DataTypes.DoubleType)
          .add("tenure_days", DataTypes.IntegerType)
          .add(
              "category_share",
              DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType));

  private static final Map<String, Integer> TRUTH = new HashMap<>();
  private static final Map<String, Double> MONETARY = new HashMap<>();
  private static final Map<String, Double> RECENCY = new HashMap<>();
  private static Dataset<Row> population;

  @BeforeAll
  static void plant() {
    Random rnd = new Random(7);
    List<Row> rows = new ArrayList<>();
    for (int g = 0; g < 3; g++) {
      for (int i = 0; i < PER_GROUP; i++) {
        String id = "g" + g + "-" + i;
        double noise = 1 + 0.1 * rnd.nextGaussian();
        int recency = (int) Math.round(new int[] {10, 300, 90}[g] * noise);
        long orders = Math.round(new double[] {20, 1, 5}[g] * (g == 1 ? 1 : noise));
        double aov = new double[] {100, 40, 60}[g] * (1 + 0.1 * rnd.nextGaussian());
        double online =
            Math.min(1, Math.max(0, new double[] {0.9, 0.05, 0.5}[g] + 0.05 * rnd.nextGaussian()));
        int tenure =
            (int) Math.round(new int[] {700, 400, 120}[g] * (1 + 0.1 * rnd.nextGaussian()));
        Map<String, Double> cats =
            g == 0
                ? Map.of("outdoor", 0.8, "books", 0.2)
                : g == 1 ? Map.of("books", 1.0) : Map.of("garden", 0.7, "books", 0.3);
        TRUTH.put(id, g);
        MONETARY.put(id, orders * aov);
        RECENCY.put(id, (double) recency);
        rows.add(
            RowFactory.create(
                id,
                recency,
                orders,
                orders * aov,
                aov,
                online,
                tenure,
                scala.jdk.javaapi.CollectionConverters.asScala(cats)));
      }
    }
    population =
        ClusterFeatures.population(SparkTest.spark().createDataFrame(rows, VIEW)).persist();
  }

  private static PipelineModel fixedK;

  private static ClusteringSettings settings(int k) {
    return new ClusteringSettings(true, Mode.FIT, Algorithm.KMEANS, k, 2, 4, 42, 100000, 3, 200000);
  }

  /** The k = 3 model, fitted once for the tests that only read it (the machine is shared). */
  private static synchronized PipelineModel fixedK() {
    if (fixedK == null) {
      List<String> cats = ClusterFeatures.topCategories(population, 3);
      fixedK =
          BehaviouralClusters.fit(population, 120, ClusterFeatures.of(cats), settings(3)).model();
    }
    return fixedK;
  }

  private static Map<String, Integer> fitAndAssign(ClusteringSettings s, int[] kOut) {
    List<String> cats = ClusterFeatures.topCategories(population, s.topCategories());
    BehaviouralClusters.Fitted f =
        BehaviouralClusters.fit(population, 3L * PER_GROUP, ClusterFeatures.of(cats), s);
    kOut[0] = f.k();
    return assignment(BehaviouralClusters.assign(f.model(), population));
  }

  /** 120 rows: small test data. */
  private static Map<String, Integer> assignment(Dataset<Row> assigned) {
    Map<String, Integer> m = new HashMap<>();
    for (Row r : assigned.select("customer_id", "cluster").collectAsList()) {
      m.put(r.getString(0), r.getInt(1));
    }
    return m;
  }

  @Test
  void silhouetteChoosesThePlantedKAndRecoversTheClusters() {
    int[] k = new int[1];
    Map<String, Integer> found = fitAndAssign(settings(0), k);
    assertEquals(3, k[0], "k chosen over 2..4 by silhouette");
    double ari = adjustedRandIndex(TRUTH, found);
    assertTrue(ari > 0.9, "adjusted Rand index " + ari);
  }

  @Test
  void sameSeedGivesTheSameAssignmentAndASavedModelScoresTheSame() {
    int[] k = new int[1];
    Map<String, Integer> first = assignment(BehaviouralClusters.assign(fixedK(), population));
    Map<String, Integer> second = fitAndAssign(settings(3), k);
    assertEquals(first, second, "two fits with seed 42 give identical cluster ids");
    ModelStore store = new ModelStore(SparkTest.spark(), "file:" + SparkTest.warehouse());
    store.save(fixedK(), LocalDate.of(2024, 3, 31));
    PipelineModel loaded = store.loadLatest(LocalDate.of(2024, 4, 30));
    assertEquals(
        first,
        assignment(BehaviouralClusters.assign(loaded, population)),
        "mode = reuse: the saved model assigns every customer to the same cluster");
  }

  @Test
  void theClustersDoNotDependOnHowTheInputIsPartitioned() {
    // k = 4 for three planted groups: the split of one group depends on k-means' initialisation,
    // which MLlib seeds per partition, so a layout-dependent fit would show here. 50 rows per
    // partition lays the 120 buyers out in three partitions, the default in one.
    List<String> cats = ClusterFeatures.topCategories(population, 3);
    Dataset<Row> one = population.coalesce(1);
    Dataset<Row> scattered = population.repartition(5, functions.rand(3));
    for (int rowsPerPartition : new int[] {200000, 50}) {
      ClusteringSettings s =
          new ClusteringSettings(
              true, Mode.FIT, Algorithm.KMEANS, 4, 2, 4, 42, 100000, 3, rowsPerPartition);
      assertEquals(
          (120 + rowsPerPartition - 1) / rowsPerPartition,
          BehaviouralClusters.laidOut(scattered, 120, rowsPerPartition).rdd().getNumPartitions());
      Map<String, Integer> fromOne = fitAndAssign(one, cats, s);
      Map<String, Integer> fromScattered = fitAndAssign(scattered, cats, s);
      assertEquals(4, new java.util.HashSet<>(fromOne.values()).size(), "four clusters");
      assertTrue(
          fromOne.equals(fromScattered),
          "one partition vs five in random order give other clusters, rows per partition "
              + rowsPerPartition);
    }
  }

  private static Map<String, Integer> fitAndAssign(
      Dataset<Row> input, List<String> cats, ClusteringSettings s) {
    PipelineModel m = BehaviouralClusters.fit(input, 120, ClusterFeatures.of(cats), s).model();
    return assignment(BehaviouralClusters.assign(m, population));
  }

  @Test
  void personasHaveSizesMeansMediansAndLabels() {
    PipelineModel m = fixedK();
    Dataset<Row> assigned = BehaviouralClusters.assign(m, population);
    Map<String, Integer> clusterOf = assignment(assigned);
    List<Row> personas =
        ClusterPersonas.build(assigned, BehaviouralClusters.featureNames(m)).collectAsList();
    assertEquals(3, personas.size(), "one row per cluster");
    long total = 0;
    for (Row p : personas) {
      int c = p.getInt(p.fieldIndex("cluster"));
      List<String> members =
          clusterOf.entrySet().stream()
              .filter(e -> e.getValue() == c)
              .map(Map.Entry::getKey)
              .toList();
      long customers = p.getLong(p.fieldIndex("customers"));
      total += customers;
      assertEquals(members.size(), customers, "size of cluster " + c);
      assertEquals(customers / 120.0, p.getDouble(p.fieldIndex("customer_share")), 1e-12);
      double mean = members.stream().mapToDouble(MONETARY::get).average().orElseThrow();
      assertEquals(mean, p.getDouble(p.fieldIndex("mean_monetary_net")), 1e-6, "mean money " + c);
      double[] rec = members.stream().mapToDouble(RECENCY::get).sorted().toArray();
      // percentile_approx(0.5) on fewer values than its accuracy: the lower median.
      double median = rec[(int) Math.ceil(0.5 * rec.length) - 1];
      assertEquals(median, p.getDouble(p.fieldIndex("median_recency_days")), 1e-9, "median " + c);
      String label = p.getString(p.fieldIndex("label"));
      if (members.stream().allMatch(id -> id.startsWith("g0-"))) {
        // The planted outdoor group: most recent, most money, 90% online, outdoor shares.
        assertEquals("recent frequent high-value long-standing online buyers of outdoor", label);
      }
      if (members.stream().allMatch(id -> id.startsWith("g1-"))) {
        assertTrue(
            label.startsWith("lapsed occasional low-value") && label.contains("in-store"), label);
      }
    }
    assertEquals(120, total, "cluster sizes add up to the customers clustered");
  }

  /** ARI from the contingency table (Hubert and Arabie 1985). */
  static double adjustedRandIndex(Map<String, Integer> truth, Map<String, Integer> found) {
    Map<String, Long> cells = new HashMap<>();
    Map<Integer, Long> rows = new HashMap<>();
    Map<Integer, Long> cols = new HashMap<>();
    for (Map.Entry<String, Integer> e : truth.entrySet()) {
      int f = found.get(e.getKey());
      cells.merge(e.getValue() + "/" + f, 1L, Long::sum);
      rows.merge(e.getValue(), 1L, Long::sum);
      cols.merge(f, 1L, Long::sum);
    }
    double index = cells.values().stream().mapToDouble(BehaviouralClustersTest::pairs).sum();
    double a = rows.values().stream().mapToDouble(BehaviouralClustersTest::pairs).sum();
    double b = cols.values().stream().mapToDouble(BehaviouralClustersTest::pairs).sum();
    double expected = a * b / pairs(truth.size());
    return (index - expected) / ((a + b) / 2 - expected);
  }

  private static double pairs(long n) {
    return n * (n - 1) / 2.0;
  }
}
