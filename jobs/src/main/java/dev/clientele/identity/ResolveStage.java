package dev.clientele.identity;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.substring;

import dev.clientele.config.IdentitySettings;
import dev.clientele.config.Settings;
import dev.clientele.io.TableIO;
import dev.clientele.pipeline.RunContext;
import dev.clientele.pipeline.Stage;
import dev.clientele.pipeline.StageResult;
import dev.clientele.schema.Cols;
import dev.clientele.schema.Tables;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resolve stage: identity records from bronze customers and transactions -> match rules ->
 * connected components -> stable customer ids -> identity map, id history, suspicious clusters,
 * unified profiles and the silver transactions with customer_id.
 */
public final class ResolveStage implements Stage {
  private static final Logger LOG = LoggerFactory.getLogger(ResolveStage.class);

  /** At most this many ignored identifiers are listed (masked) in the run summary. */
  private static final int MAX_LISTED_IGNORED = 100;

  @Override
  public String name() {
    return "resolve";
  }

  @Override
  public void validate(Settings settings) {
    IdentitySettings.from(settings.config());
    Hashing.fromConfig(settings.config());
  }

  @Override
  public StageResult run(RunContext ctx) {
    IdentitySettings s = IdentitySettings.from(ctx.settings().config());
    Hashing hashing = Hashing.fromConfig(ctx.settings().config());
    var sc = ctx.spark().sparkContext();
    if (sc.getCheckpointDir().isEmpty()) {
      sc.setCheckpointDir(ctx.settings().warehouse() + "/_checkpoints");
    }
    sc.setJobGroup("resolve", "identity resolution", false);
    TableIO io = ctx.io();
    IdentityRecords.Params rp = recordParams(s, hashing);
    Dataset<Row> customers = io.readIfExists(Tables.BRONZE_CUSTOMERS);
    Dataset<Row> keyedTx =
        IdentityRecords.withCustomerSources(
            IdentityRecords.keyTransactions(io.read(Tables.BRONZE_TRANSACTIONS), rp),
            dev.clientele.config.CustomerSources.of(ctx.settings().config()));
    Dataset<Row> records =
        IdentityRecords.union(
                customers == null ? null : IdentityRecords.fromCustomers(customers, rp),
                IdentityRecords.fromTransactions(keyedTx))
            .persist(StorageLevel.MEMORY_AND_DISK());
    Resolution.Params params = resolutionParams(s);
    ModelChoice model = null;
    if (params.fuzzyEnabled() && FuzzyMatch.MODEL.equals(params.fuzzy().rule())) {
      model = model(io, records, s, hashing);
      params = params.withFuzzy(params.fuzzy().withModel(model.input()));
    }
    Resolution.Result res = Resolution.resolve(records, params);
    Dataset<Row> nodeInfo =
        records
            .groupBy(IdentityRecords.NODE, Cols.SOURCE, Cols.CUSTOMER_KEY)
            .agg(
                min(IdentityRecords.FIRST_TS).cast("date").as(CustomerIds.FIRST_SEEN_DATE),
                max(IdentityRecords.LAST_TS).cast("date").as(CustomerIds.LAST_SEEN_DATE))
            .join(res.nodes(), IdentityRecords.NODE);
    Dataset<Row> previousMap = io.readIfExists(Tables.CUSTOMER_IDENTITY_MAP);
    SilverWrite.PreviousMap previous =
        new SilverWrite.PreviousMap(
            previousMap, previousMap == null ? -1 : io.version(Tables.CUSTOMER_IDENTITY_MAP));
    CustomerIds.Result ids = CustomerIds.assign(nodeInfo, previousMap, ctx.asOf());
    // Materialised: the map is rewritten below while its previous version is still an input.
    Dataset<Row> map = ConnectedComponents.cut(ids.map());
    Dataset<Row> history = ConnectedComponents.cut(ids.history());
    // Silver first: it needs the previous map to find the records whose id moved, and a run
    // stopped before the map below is replaced is caught by the next run (SilverWrite.interrupted).
    Map<String, Object> silver =
        SilverWrite.write(io, keyedTx, map, previous, s.fullRefresh(), ctx.runId());
    StageResult result =
        write(ctx, records, map, history, res, hashing, s).detail("silver_transactions", silver);
    if (model != null) {
      result
          .detail("identity_model_version", model.input().model().version())
          .detail("identity_model_trained_now", model.trainedNow());
    }
    records.unpersist();
    return result;
  }

  /** The model in use and whether this run trained it (no model stored yet). */
  record ModelChoice(FuzzyMatch.ModelInput input, boolean trainedNow) {}

  /**
   * The latest stored model; when the warehouse holds none, one is trained on these records and
   * stored, and the output says so (a new user's first run gets the model, not the old rule).
   */
  static ModelChoice model(TableIO io, Dataset<Row> records, IdentitySettings s, Hashing hashing) {
    int latest = ModelStore.latest(io);
    boolean trained = false;
    if (latest == 0) {
      ModelTraining.Trained t =
          ModelTraining.train(records, resolutionParams(s).fuzzy(), trainingParams(s, hashing), 1);
      latest = ModelStore.save(io, t);
      trained = true;
      String line =
          "[clientele] resolve: no identity model in the warehouse; trained and stored version "
              + latest
              + " (review it, retrain with `clientele train-identity`)";
      LOG.info(line);
      System.out.println(line);
    }
    ModelTraining.Trained t = ModelStore.load(io, latest);
    return new ModelChoice(
        new FuzzyMatch.ModelInput(
            t.model(),
            t.termFrequencies(),
            hashing,
            s.model().matchProbability(),
            s.model().bridgeProbability()),
        trained);
  }

  static ModelTraining.Params trainingParams(IdentitySettings s, Hashing hashing) {
    IdentitySettings.Model m = s.model();
    return new ModelTraining.Params(
        m.comparisons().stream()
            .map(
                c ->
                    new FellegiSunter.Comparison(
                        c.name(),
                        c.columns(),
                        c.levels().stream()
                            .map(
                                l -> new FellegiSunter.Level(l.name(), l.when(), l.termFrequency()))
                            .toList()))
            .toList(),
        m.uSampleRecords(),
        m.uSamplePairs(),
        m.emMaxPairsPerRule(),
        m.emMaxIterations(),
        m.seed(),
        hashing,
        resolutionParams(s).deterministic(),
        m.deterministicRecall());
  }

  /** The identity records of the warehouse (customer records and transaction carriers). */
  static Dataset<Row> records(RunContext ctx, IdentitySettings s, Hashing hashing) {
    TableIO io = ctx.io();
    IdentityRecords.Params rp = recordParams(s, hashing);
    Dataset<Row> customers = io.readIfExists(Tables.BRONZE_CUSTOMERS);
    Dataset<Row> tx = io.readIfExists(Tables.BRONZE_TRANSACTIONS);
    Dataset<Row> keyedTx =
        tx == null
            ? null
            : IdentityRecords.withCustomerSources(
                IdentityRecords.keyTransactions(tx, rp),
                dev.clientele.config.CustomerSources.of(ctx.settings().config()));
    return IdentityRecords.union(
        customers == null ? null : IdentityRecords.fromCustomers(customers, rp),
        keyedTx == null ? null : IdentityRecords.fromTransactions(keyedTx));
  }

  private StageResult write(
      RunContext ctx,
      Dataset<Row> records,
      Dataset<Row> map,
      Dataset<Row> history,
      Resolution.Result res,
      Hashing hashing,
      IdentitySettings s) {
    TableIO io = ctx.io();
    // History before the map: a run stopped between the two would otherwise lose its id changes
    // (the retry compares with the map that already holds them); a retry's repeat is skipped.
    io.append(
        Tables.CUSTOMER_ID_HISTORY,
        audit(ctx, CustomerIds.notRecorded(history, io.readIfExists(Tables.CUSTOMER_ID_HISTORY))));
    io.merge(
        Tables.CUSTOMER_IDENTITY_MAP,
        audit(ctx, map.drop(IdentityRecords.NODE)),
        TableIO.MergeMode.DELETE_MISSING,
        Cols.SOURCE,
        Cols.CUSTOMER_KEY);
    io.overwrite(
        Tables.SUSPICIOUS_CLUSTERS,
        audit(
            ctx,
            res.suspicious()
                .withColumn("cluster_id", CustomerIds.freshId(col(Resolution.CLUSTER)))
                .select("cluster_id", "cluster_size", "rules")));
    Profiles.Params pp =
        new Profiles.Params(
            s::ruleFor,
            s.preferredSources(),
            ctx.asOf(),
            hashing,
            dev.clientele.config.AttributeSettings.from(ctx.settings().config()).all());
    Dataset<Row> profiles = Profiles.build(records, map, pp);
    io.merge(
        Tables.UNIFIED_PROFILES,
        audit(ctx, profiles),
        TableIO.MergeMode.DELETE_MISSING,
        Cols.CUSTOMER_ID);
    if (res.explanations() != null) {
      io.overwrite(Tables.MATCH_EXPLANATIONS, audit(ctx, MatchExplanations.of(res.explanations())));
    }
    return summarise(ctx, records, map, history, res, hashing);
  }

  private StageResult summarise(
      RunContext ctx,
      Dataset<Row> records,
      Dataset<Row> map,
      Dataset<Row> history,
      Resolution.Result res,
      Hashing hashing) {
    TableIO io = ctx.io();
    long customers = io.read(Tables.UNIFIED_PROFILES).count();
    long transactions = io.read(Tables.TRANSACTIONS).count();
    StageResult r =
        new StageResult(transactions, customers)
            .detail("identity_records", map.count())
            .detail("customers", customers)
            .detail(
                "anonymous_transactions",
                io.read(Tables.TRANSACTIONS).where(col(Cols.CUSTOMER_ID).isNull()).count())
            .detail("suspicious_clusters", res.suspicious().count())
            .detail("id_changes", history.count())
            .detail("ignored_identifiers", ignored(res.ignoredIdentifiers(), hashing));
    if (res.candidatePairs() != null) {
      long pairs = res.candidatePairs().count();
      LOG.info("fuzzy rule: {} candidate pairs", pairs);
      r.detail("fuzzy_candidate_pairs", pairs).detail("fuzzy_oversized_blocks", oversized(res));
    }
    if (res.explanations() != null) {
      r.detail("fuzzy_model_matches", io.read(Tables.MATCH_EXPLANATIONS).count());
    }
    return r;
  }

  /** Blocks over max-block-size per rule: how many were split on the sub-key, and skipped. */
  private static Map<String, Object> oversized(Resolution.Result res) {
    Map<String, Object> out = new java.util.TreeMap<>();
    // One row per (rule, outcome): a handful.
    for (Row row :
        res.oversizedBlocks()
            .groupBy(FuzzyMatch.BLOCK_RULE, "outcome")
            .agg(org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.lit(1)))
            .collectAsList()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> rule =
          (Map<String, Object>)
              out.computeIfAbsent("rule_" + row.getInt(0), k -> new java.util.TreeMap<>());
      rule.put(row.getString(1), row.getLong(2));
    }
    return out;
  }

  /** The ignored identifiers, masked (12 hex of their HMAC), never raw. */
  private static List<Map<String, Object>> ignored(Dataset<Row> ignored, Hashing hashing) {
    Column masked = substring(hashing.hmacHex(col("value")), 1, 12);
    // Small on purpose: capped at MAX_LISTED_IGNORED rows, and only masked values leave Spark.
    List<Row> rows =
        ignored
            .select(col("key_type"), masked.as("masked"), col("records"), col("reason"))
            .orderBy(col("records").desc(), col("masked"))
            .limit(MAX_LISTED_IGNORED)
            .collectAsList();
    return rows.stream()
        .map(
            row -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("key", row.getString(0));
              m.put("hmac12", row.getString(1));
              m.put("records", row.getLong(2));
              m.put("reason", row.getString(3));
              return m;
            })
        .toList();
  }

  private static Dataset<Row> audit(RunContext ctx, Dataset<Row> df) {
    return TableIO.withAudit(df, ctx.runId());
  }

  /** The normaliser parameters the resolver uses (erasure and suppression reuse them). */
  public static IdentityRecords.Params recordParams(IdentitySettings s, Hashing hashing) {
    List<String> extra =
        s.matchKeys().stream()
            .filter(k -> !List.of("email", "phone", "loyalty_id").contains(k))
            .toList();
    return new IdentityRecords.Params(
        new Normalise.EmailRules(s.emailDotInsensitiveDomains(), s.emailPlusTagDomains()),
        s.defaultPhoneRegion(),
        extra,
        hashing);
  }

  static Resolution.Params resolutionParams(IdentitySettings s) {
    IdentitySettings.Fuzzy f = s.fuzzy();
    return new Resolution.Params(
        new DeterministicMatch.Params(
            s.matchKeys(), s.maxIdentifierFrequency(), s.blockedIdentifiers()),
        new FuzzyMatch.Params(
            f.blockingKeys(),
            f.nameThreshold(),
            f.agreeingAttributes(),
            f.maxBlockSize(),
            f.rule(),
            new FuzzyMatch.Score(
                f.minScore(),
                f.comparisons().stream()
                    .map(
                        c ->
                            new FuzzyMatch.Comparison(
                                c.name(),
                                c.levels().stream()
                                    .map(l -> new FuzzyMatch.Level(l.when(), l.weight()))
                                    .toList()))
                    .toList()),
            f.subBlockingKey(),
            null),
        f.enabled(),
        s.maxClusterSize(),
        s.maxIterations());
  }
}
