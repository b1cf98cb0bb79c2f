package dev.clientele.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.clientele.Errors;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry$;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Configuration is trusted code: mappings, segment rules, lifecycle conditions, blocking keys and
 * identity levels are Spark SQL run with the job's rights. This check narrows what they can do: an
 * expression may call Spark's built-in functions (and the project's own, e.g. jaro_winkler) except
 * those that run arbitrary JVM code or read files; subqueries (which can read any table or path)
 * and functions named indirectly ({@code IDENTIFIER(...)}) are refused. {@code
 * clientele.security.allow-unsafe-expressions = true} turns it off. It is a guard against mistakes
 * and casual misuse, not a sandbox: whoever writes the configuration runs code.
 */
public final class ExpressionPolicy {
  public static final String ALLOW_UNSAFE = "clientele.security.allow-unsafe-expressions";

  /** Functions registered by the project (identity/FuzzyMatch registers jaro_winkler). */
  public static final Set<String> PROJECT_FUNCTIONS = Set.of("jaro_winkler");

  /** Built-ins that call any Java method or read files (descriptor paths). */
  static final Set<String> DENIED =
      Set.of("reflect", "java_method", "try_reflect", "from_protobuf", "to_protobuf");

  /** The settings that hold expressions, as paths ([i] for a list element). */
  private static final List<Pattern> EXPRESSION_PATHS =
      List.of(
              "clientele\\.sources\\.[^.]+\\.mapping\\..+",
              "clientele\\.sources\\.[^.]+\\.return-marker",
              "clientele\\.segments\\.families\\.[^.]+\\.rules\\[\\d+\\]\\.when",
              "clientele\\.lifecycle\\.rules\\[\\d+\\]\\.condition",
              "clientele\\.lifecycle\\.levels\\.[^.]+",
              "clientele\\.lifecycle\\.vip",
              "clientele\\.identity\\..*blocking-keys\\[\\d+\\]",
              "clientele\\.identity\\..*sub-blocking-key",
              "clientele\\.identity\\..*\\.when")
          .stream()
          .map(Pattern::compile)
          .toList();

  private static final Set<String> BUILT_IN =
      CollectionConverters.asJava(FunctionRegistry$.MODULE$.builtin().listFunction()).stream()
          .map(f -> f.funcName().toLowerCase(Locale.ROOT))
          .collect(Collectors.toUnmodifiableSet());

  private ExpressionPolicy() {}

  /**
   * Checks every expression of the configuration, unless unsafe expressions are allowed; returns
   * how many it checked.
   */
  public static int check(Config root) {
    if (root.hasPath(ALLOW_UNSAFE) && root.getBoolean(ALLOW_UNSAFE)) {
      return 0;
    }
    return walk("clientele", root.getValue("clientele"));
  }

  private static int walk(String path, ConfigValue v) {
    int n = 0;
    if (v instanceof ConfigObject o) {
      for (Map.Entry<String, ConfigValue> e : o.entrySet()) {
        n += walk(path + "." + e.getKey(), e.getValue());
      }
    } else if (v instanceof ConfigList l) {
      for (int i = 0; i < l.size(); i++) {
        n += walk(path + "[" + i + "]", l.get(i));
      }
    } else if (v.valueType() == ConfigValueType.STRING && isExpression(path)) {
      checkExpression(path, (String) v.unwrapped());
      n++;
    }
    return n;
  }

  static boolean isExpression(String path) {
    return EXPRESSION_PATHS.stream().anyMatch(p -> p.matcher(path).matches());
  }

  /** Checks one expression; a text that does not parse is left to the setting's own check. */
  public static void checkExpression(String path, String sql) {
    if (sql.isBlank()) {
      return;
    }
    Expression parsed;
    try {
      parsed = CatalystSqlParser$.MODULE$.parseExpression(sql);
    } catch (Exception e) { // ParseException: reported with its context by the setting's parser
      return;
    }
    checkTree(path, parsed);
  }

  private static void checkTree(String path, Expression e) {
    if (e instanceof SubqueryExpression) {
      throw refused(path, "a subquery (it can read any table or path)");
    }
    String node = e.getClass().getSimpleName();
    if (node.contains("UnresolvedIdentifier")) {
      throw refused(path, "IDENTIFIER(...) (a name computed at run time)");
    }
    if (e instanceof UnresolvedFunction f) {
      List<String> parts = CollectionConverters.asJava(f.nameParts());
      String name = String.join(".", parts).toLowerCase(Locale.ROOT);
      if (parts.size() != 1) {
        throw refused(path, "the function '" + name + "' (only unqualified built-in names)");
      }
      if (DENIED.contains(name)) {
        throw refused(path, "the function '" + name + "' (it runs any Java method or reads files)");
      }
      if (!BUILT_IN.contains(name) && !PROJECT_FUNCTIONS.contains(name)) {
        throw refused(path, "the function '" + name + "', which is not a Spark built-in function");
      }
    }
    for (Expression child : CollectionConverters.asJava(e.children())) {
      checkTree(path, child);
    }
  }

  private static RuntimeException refused(String path, String what) {
    return Errors.config(
        path
            + " uses "
            + what
            + ", which configured expressions may not use; write it with built-in functions, or"
            + " set "
            + ALLOW_UNSAFE
            + " = true if this configuration is trusted code (README, Configuration is code)");
  }
}
