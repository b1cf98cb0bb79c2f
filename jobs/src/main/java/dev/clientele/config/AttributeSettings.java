package dev.clientele.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.clientele.Errors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * {@code clientele.attributes}: the custom customer attributes (issue 20, point 1) beyond the
 * canonical columns, each with its type and whether it is personal data. Declared once for the
 * whole warehouse (not per source) because each becomes one typed column, {@code attr_<name>}, of
 * unified_profiles; customer sources map their own columns to them under {@code attributes}.
 */
public record AttributeSettings(Map<String, Attribute> attributes) {

  /** The types an attribute may have, as declared and as Spark types. */
  public enum Type {
    STRING(DataTypes.StringType),
    NUMBER(DataTypes.DoubleType),
    BOOLEAN(DataTypes.BooleanType),
    DATE(DataTypes.DateType);

    private final DataType spark;

    Type(DataType spark) {
      this.spark = spark;
    }

    public DataType spark() {
      return spark;
    }
  }

  /** One declared attribute. */
  public record Attribute(String name, Type type, boolean personal) {
    /** Its column in unified_profiles and the feature view. */
    public String column() {
      return PREFIX + name;
    }
  }

  public static final String PREFIX = "attr_";
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,59}");
  private static final String KEY = "clientele.attributes";

  public static AttributeSettings from(Config c) {
    Map<String, Attribute> out = new LinkedHashMap<>();
    if (!c.hasPath(KEY)) {
      return new AttributeSettings(out);
    }
    try {
      Config all = c.getConfig(KEY);
      List<String> names = new ArrayList<>(all.root().keySet());
      names.sort(null);
      for (String name : names) {
        String where = KEY + "." + name;
        if (!NAME.matcher(name).matches()) {
          throw Errors.config(
              where
                  + ": '"
                  + name
                  + "' is not an attribute name: use lower-case letters, digits and underscores,"
                  + " starting with a letter");
        }
        Config a = all.getConfig(name);
        for (String key : a.root().keySet()) {
          if (!List.of("type", "personal").contains(key)) {
            throw Errors.config(where + ": unknown key '" + key + "'; known keys: type, personal");
          }
        }
        String type = a.hasPath("type") ? a.getString("type") : "string";
        Type t;
        try {
          t = Type.valueOf(type.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          throw Errors.config(
              where + ".type is '" + type + "'; use string, number, boolean or date");
        }
        if (!a.hasPath("personal")) {
          // Whether a column is personal data is a decision, never a default.
          throw Errors.config(where + ".personal must be set: true (personal data) or false");
        }
        out.put(name, new Attribute(name, t, a.getBoolean("personal")));
      }
      return new AttributeSettings(out);
    } catch (ConfigException e) {
      throw Errors.config(e.getMessage());
    }
  }

  /** The declared attributes in name order. */
  public List<Attribute> all() {
    return List.copyOf(attributes.values());
  }

  /** The columns of the personal attributes (kept out of the feature view and the segments). */
  public List<String> personalColumns() {
    return attributes.values().stream().filter(Attribute::personal).map(Attribute::column).toList();
  }
}
