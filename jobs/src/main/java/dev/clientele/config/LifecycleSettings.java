package dev.clientele.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.clientele.Errors;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute;
import org.apache.spark.sql.catalyst.expressions.EqualNullSafe;
import org.apache.spark.sql.catalyst.expressions.EqualTo;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.In;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.apache.spark.unsafe.types.UTF8String;
import scala.jdk.javaapi.CollectionConverters;

/**
 * {@code clientele.lifecycle}: the ordered status rules (first match wins, {@code default-status}
 * for the rest), the level conditions and the VIP condition. The status names are whatever the
 * rules and the default name (no closed set): each must be a plain identifier, since it names
 * report figures and is compared in SQL conditions. Conditions are Spark SQL over the metric
 * columns; they are parsed at start-up so a typo fails before any data is read.
 *
 * @param activeStatuses the statuses the report counts as active customers, all configured names
 */
public record LifecycleSettings(
    List<StatusRule> rules,
    String defaultStatus,
    String volumeHigh,
    String loyaltyHigh,
    String riskHigh,
    String riskMedium,
    String vip,
    List<String> activeStatuses) {

  /** Lower-case letters, digits and underscores, starting with a letter. */
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  private static final String P = "clientele.lifecycle.";

  /** A name may appear in several rules (two ways to be 'lost' are legitimate). */
  public record StatusRule(String status, String condition) {}

  public static LifecycleSettings from(Config c) {
    try {
      List<StatusRule> rules = new ArrayList<>();
      List<? extends Config> list = c.getConfigList(P + "rules");
      for (int i = 0; i < list.size(); i++) {
        String where = P + "rules[" + i + "]";
        String status = status(list.get(i).getString("status"), where + ".status");
        rules.add(new StatusRule(status, sql(list.get(i).getString("condition"), where)));
      }
      String defaultStatus = status(c.getString(P + "default-status"), P + "default-status");
      List<String> names = names(rules, defaultStatus);
      return new LifecycleSettings(
          List.copyOf(rules),
          defaultStatus,
          onStatuses(c, "levels.volume-high", names),
          onStatuses(c, "levels.loyalty-high", names),
          onStatuses(c, "levels.risk-high", names),
          onStatuses(c, "levels.risk-medium", names),
          onStatuses(c, "vip", names),
          configured(c.getStringList(P + "active-statuses"), names, P + "active-statuses"));
    } catch (ConfigException e) {
      throw Errors.config(e.getMessage());
    }
  }

  /** The status names, each once: the rules' in rule order, then the default's. */
  public List<String> statuses() {
    return names(rules, defaultStatus);
  }

  private static List<String> names(List<StatusRule> rules, String defaultStatus) {
    Set<String> names = new LinkedHashSet<>();
    rules.forEach(r -> names.add(r.status()));
    names.add(defaultStatus);
    return List.copyOf(names);
  }

  private static String status(String s, String where) {
    if (!NAME.matcher(s).matches()) {
      throw Errors.config(
          where
              + " = '"
              + s
              + "' is not a status name: use lower-case letters, digits and underscores,"
              + " starting with a letter, at most 64 characters (e.g. 'prospect_hot')");
    }
    return s;
  }

  private static List<String> configured(List<String> given, List<String> names, String where) {
    requireConfigured(given, names, where + " names");
    return List.copyOf(given);
  }

  /** {@code what} says where the names come from: "clientele.lifecycle.vip compares ...". */
  private static void requireConfigured(List<String> given, List<String> names, String what) {
    for (String s : given) {
      if (!names.contains(s)) {
        throw Errors.config(
            what
                + " '"
                + s
                + "', which no clientele.lifecycle rule nor default-status gives; statuses: "
                + names);
      }
    }
  }

  /**
   * A condition read after the status is assigned (levels, VIP): every name it compares
   * lifecycle_status with must be a configured status, so renaming a status cannot leave a level
   * silently matching nobody.
   */
  private static String onStatuses(Config c, String key, List<String> names) {
    String where = P + key;
    String condition = c.getString(where);
    List<String> named = new ArrayList<>();
    statusLiterals(parse(condition, where), named);
    requireConfigured(named, names, where + " compares lifecycle_status with");
    return condition;
  }

  /**
   * Refuses a condition outside the lifecycle settings (a segment rule) that compares
   * lifecycle_status with a name no rule nor the default gives: renaming a status must not leave a
   * segment silently empty.
   */
  public void requireConfiguredStatuses(String condition, String where) {
    List<String> named = new ArrayList<>();
    statusLiterals(parse(condition, where), named);
    requireConfigured(named, statuses(), where + " compares lifecycle_status with");
  }

  /** The string literals of {@code lifecycle_status = 'x'}, {@code 'x' = ...}, {@code IN (...)}. */
  private static void statusLiterals(Expression e, List<String> out) {
    List<Expression> children = CollectionConverters.asJava(e.children());
    boolean comparison = e instanceof EqualTo || e instanceof EqualNullSafe || e instanceof In;
    if (comparison && children.stream().anyMatch(LifecycleSettings::isStatusColumn)) {
      for (Expression side : children) {
        if (side instanceof Literal l && l.value() instanceof UTF8String v) {
          out.add(v.toString());
        }
      }
    }
    children.forEach(child -> statusLiterals(child, out));
  }

  private static boolean isStatusColumn(Expression e) {
    return e instanceof UnresolvedAttribute a && a.name().equalsIgnoreCase("lifecycle_status");
  }

  private static String sql(String condition, String where) {
    parse(condition, where);
    return condition;
  }

  private static Expression parse(String condition, String where) {
    try {
      return CatalystSqlParser$.MODULE$.parseExpression(condition);
    } catch (Exception e) { // ParseException is checked from Java's point of view
      String msg = e.getMessage() == null ? "" : e.getMessage().split("\n")[0];
      throw Errors.config(where + ": cannot parse SQL condition '" + condition + "': " + msg);
    }
  }
}
