package dev.clientele.identity;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clientele.identity.FellegiSunter.Comparison;
import dev.clientele.identity.FellegiSunter.Level;
import dev.clientele.io.TableIO;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Trained identity models in the warehouse, versioned: {@code _models/identity/v<N>/levels} (one
 * row per comparison level: condition, m, u, weight), {@code .../model} (one row: prior, training
 * figures as JSON) and {@code .../term_frequencies} (column, HMAC of the value, frequency; never
 * the value). Versions only grow; {@code resolve} reads the latest.
 */
public final class ModelStore {
  private ModelStore() {}

  static final String ROOT = "_models/identity/v";

  static final StructType TF_SCHEMA =
      new StructType()
          .add("column_name", DataTypes.StringType)
          .add("value_hmac", DataTypes.StringType)
          .add("tf", DataTypes.DoubleType)
          .add("records", DataTypes.LongType);

  static final StructType LEVELS =
      new StructType()
          .add("comparison_index", DataTypes.IntegerType)
          .add("comparison", DataTypes.StringType)
          .add("columns", DataTypes.createArrayType(DataTypes.StringType))
          .add("level_index", DataTypes.IntegerType)
          .add("level", DataTypes.StringType)
          .add("condition", DataTypes.StringType)
          .add("term_frequency", DataTypes.StringType)
          .add("m", DataTypes.DoubleType)
          .add("u", DataTypes.DoubleType)
          .add("weight_bits", DataTypes.DoubleType);

  static final StructType MODEL =
      new StructType()
          .add("version", DataTypes.IntegerType)
          .add("lambda", DataTypes.DoubleType)
          .add("prior_weight_bits", DataTypes.DoubleType)
          .add("training", DataTypes.StringType);

  static String table(int version, String part) {
    return ROOT + version + "/" + part;
  }

  /** The latest stored version, 0 when none. Versions are few: probed one after the other. */
  public static int latest(TableIO io) {
    int v = 0;
    while (io.exists(table(v + 1, "model"))) {
      v++;
    }
    return v;
  }

  /** Stores the model as the next version and returns it. */
  public static int save(TableIO io, ModelTraining.Trained t) {
    int version = latest(io) + 1;
    IdentityModel m = t.model();
    List<Row> levels = new ArrayList<>();
    for (int c = 0; c < m.comparisons().size(); c++) {
      Comparison comp = m.comparisons().get(c);
      for (int l = 0; l < comp.levelCount(); l++) {
        Level lv = l < comp.levels().size() ? comp.levels().get(l) : null;
        levels.add(
            RowFactory.create(
                c,
                comp.name(),
                scala.jdk.javaapi.CollectionConverters.asScala(comp.columns()).toSeq(),
                l,
                comp.levelName(l),
                lv == null ? null : lv.when(),
                lv == null ? null : lv.termFrequency(),
                m.m()[c][l],
                m.u()[c][l],
                m.weight(c, l)));
      }
    }
    var spark = io.spark();
    io.overwrite(table(version, "term_frequencies"), t.termFrequencies());
    io.overwrite(table(version, "levels"), spark.createDataFrame(levels, LEVELS));
    Row model = RowFactory.create(version, m.lambda(), m.priorWeight(), json(m.training()));
    // The model row goes last: a version exists once it is complete.
    io.overwrite(table(version, "model"), spark.createDataFrame(List.of(model), MODEL));
    return version;
  }

  /** Loads a stored version: the model and its term-frequency table. */
  public static ModelTraining.Trained load(TableIO io, int version) {
    // A few dozen rows (comparisons x levels) and one model row.
    List<Row> rows =
        io.read(table(version, "levels"))
            .orderBy(col("comparison_index"), col("level_index"))
            .collectAsList();
    Row model = io.read(table(version, "model")).first();
    List<Comparison> comps = new ArrayList<>();
    List<double[]> ms = new ArrayList<>();
    List<double[]> us = new ArrayList<>();
    int c = -1;
    List<Level> levels = null;
    List<Double> m = null;
    List<Double> u = null;
    for (Row r : rows) {
      if (r.getInt(0) != c) {
        if (levels != null) {
          ms.add(m.stream().mapToDouble(Double::doubleValue).toArray());
          us.add(u.stream().mapToDouble(Double::doubleValue).toArray());
        }
        c = r.getInt(0);
        levels = new ArrayList<>();
        m = new ArrayList<>();
        u = new ArrayList<>();
        comps.add(new Comparison(r.getString(1), r.getList(2), levels));
      }
      if (!r.isNullAt(5)) {
        levels.add(new Level(r.getString(4), r.getString(5), r.isNullAt(6) ? "" : r.getString(6)));
      }
      m.add(r.getDouble(7));
      u.add(r.getDouble(8));
    }
    if (levels != null) {
      ms.add(m.stream().mapToDouble(Double::doubleValue).toArray());
      us.add(u.stream().mapToDouble(Double::doubleValue).toArray());
    }
    List<Comparison> frozen =
        comps.stream()
            .map(x -> new Comparison(x.name(), List.copyOf(x.columns()), List.copyOf(x.levels())))
            .toList();
    IdentityModel im =
        new IdentityModel(
            version,
            frozen,
            ms.toArray(double[][]::new),
            us.toArray(double[][]::new),
            model.getDouble(1),
            Map.of("training", model.getString(3)));
    return new ModelTraining.Trained(im, io.read(table(version, "term_frequencies")));
  }

  /** The model's levels as the report and run summary show them: m, u and weight per level. */
  public static List<Map<String, Object>> describe(IdentityModel m) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (int c = 0; c < m.comparisons().size(); c++) {
      Comparison comp = m.comparisons().get(c);
      for (int l = 0; l < comp.levelCount(); l++) {
        Map<String, Object> e = new java.util.LinkedHashMap<>();
        e.put("comparison", comp.name());
        e.put("level", comp.levelName(l));
        e.put("m", round(m.m()[c][l]));
        e.put("u", round(m.u()[c][l]));
        e.put("weight_bits", round(m.weight(c, l)));
        out.add(e);
      }
    }
    return out;
  }

  private static double round(double v) {
    return Math.round(v * 1e6) / 1e6;
  }

  private static String json(Map<String, Object> training) {
    try {
      return new ObjectMapper().writeValueAsString(training);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
