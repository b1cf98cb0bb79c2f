package dev.clientele.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import dev.clientele.Errors.ClienteleException;
import dev.clientele.config.Settings;
import dev.clientele.identity.ResolveStage;
import dev.clientele.io.TableIO;
import dev.clientele.pipeline.RunContext;
import dev.clientele.pipeline.RunSummary;
import dev.clientele.pipeline.StageResult;
import dev.clientele.schema.Tables;
import dev.clientele.testkit.SparkTest;
import java.nio.file.Path;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Custom attributes (issue 20, point 1) from two customer sources to typed attr_ columns of
 * unified_profiles: canonical forms in bronze, a value that does not read as its type left out and
 * reported (the record kept), survivorship across sources, worked by hand.
 */
@ExtendWith(SparkTest.class)
class CustomAttributesTest {
  private static final String DECLARED =
      " attributes {\n"
          + "  sector { type = string, personal = false }\n"
          + "  employees { type = number, personal = false }\n"
          + "  client_since { type = date, personal = false }\n"
          + "  newsletter { type = boolean, personal = false }\n"
          + "  profession { type = string, personal = true }\n"
          + " }\n";

  private static String conf(Path dir, String declared) {
    return "clientele {\n"
        + declared
        + " ingest.max-quarantine-share = 1.0\n"
        + " identity.fuzzy.enabled = false\n"
        + " sources.crm {\n"
        + "  path = \""
        + dir.resolve("crm")
        + "/*.csv\"\n"
        + "  format = csv, kind = customers, channel = offline\n"
        + "  date-formats = [\"dd/MM/yyyy\"]\n"
        + "  timestamp-formats = [\"yyyy-MM-dd HH:mm:ss\"]\n"
        + "  mapping { customer_key = \"id\", email = \"email\", updated_ts = \"updated\" }\n"
        + "  attributes { sector = \"upper(sector)\", employees = \"staff\","
        + " client_since = \"since\", newsletter = \"news\", profession = \"job\" }\n"
        + " }\n"
        + " sources.web {\n"
        + "  path = \""
        + dir.resolve("web")
        + "/*.csv\"\n"
        + "  format = csv, kind = customers, channel = online\n"
        + "  timestamp-formats = [\"yyyy-MM-dd HH:mm:ss\"]\n"
        + "  mapping { customer_key = \"account\", email = \"mail\", updated_ts = \"updated\" }\n"
        + "  attributes { sector = \"sector\" }\n"
        + " } }\n";
  }

  @Test
  void attributesAreTypedReportedAndChosenAcrossSources(@TempDir Path dir) throws Exception {
    IngestFixture f = new IngestFixture(dir);
    // K1: every attribute reads. K2: 'many' is no number, 31/02 no date, 'maybe' no boolean: the
    // three are left out and reported, the record and its good attributes kept.
    f.write(
        "crm/c.csv",
        "id,email,updated,sector,staff,since,news,job\n"
            + "K1,ann@example.fr,2024-01-10 09:00:00,retail,12,05/03/2019,true,teacher\n"
            + "K2,bob@example.fr,2024-01-10 09:00:00,health,many,31/02/2020,maybe,\n");
    // The web account of Ann, updated later: its sector survives (most recent, the default).
    f.write(
        "web/w.csv",
        "account,mail,updated,sector\n" + "W1,ann@example.fr,2024-06-01 09:00:00,Education\n");
    Config config = f.config(conf(dir, DECLARED));
    StageResult r = f.run(config);
    TableIO io = f.io();

    Row k1 =
        io.read(Tables.BRONZE_CUSTOMERS).where("customer_key = 'K1'").select("attributes").first();
    assertEquals(
        Map.of(
            "sector",
            "RETAIL",
            "employees",
            "12.0",
            "client_since",
            "2019-03-05",
            "newsletter",
            "true",
            "profession",
            "teacher"),
        scala.jdk.javaapi.CollectionConverters.asJava(k1.<String, String>getMap(0)),
        "canonical forms: the expression's value, a plain number, an ISO date, true/false");
    Row k2 =
        io.read(Tables.BRONZE_CUSTOMERS).where("customer_key = 'K2'").select("attributes").first();
    assertEquals(
        Map.of("sector", "HEALTH"),
        scala.jdk.javaapi.CollectionConverters.asJava(k2.<String, String>getMap(0)),
        "K2 keeps its record and its readable attribute; the empty job is no value");
    List<Row> issues =
        io.read(Tables.DATA_QUALITY_ISSUES)
            .where("customer_key = 'K2'")
            .orderBy("column_name")
            .select("column_name", "reason")
            .collectAsList();
    assertEquals(
        List.of(
            "attr_client_since:impossible_date",
            "attr_employees:not_a_number",
            "attr_newsletter:unparseable_attr_newsletter"),
        issues.stream().map(i -> i.getString(0) + ":" + i.getString(1)).toList());
    Map<String, Object> crm = IngestFixture.source(r, "crm");
    assertEquals(2L, crm.get("read"));
    assertEquals(2L, crm.get("accepted"), "attribute issues never quarantine a record");

    resolve(f, config);
    Row ann =
        io.read(Tables.UNIFIED_PROFILES)
            .where("email = 'ann@example.fr'")
            .select(
                "attr_sector",
                "attr_employees",
                "attr_client_since",
                "attr_newsletter",
                "attr_profession")
            .first();
    assertEquals("Education", ann.getString(0), "the web record is the most recent");
    assertEquals(12.0, ann.getDouble(1), 1e-12);
    assertEquals(Date.valueOf("2019-03-05"), ann.getDate(2));
    assertTrue(ann.getBoolean(3));
    assertEquals("teacher", ann.getString(4));
    assertEquals(
        DataTypes.DoubleType,
        io.read(Tables.UNIFIED_PROFILES).schema().apply("attr_employees").dataType(),
        "typed as declared");
    Row bob =
        io.read(Tables.UNIFIED_PROFILES)
            .where("email = 'bob@example.fr'")
            .select("attr_sector", "attr_employees")
            .first();
    assertEquals("HEALTH", bob.getString(0));
    assertNull(bob.get(1), "the unreadable value is null, not guessed");
  }

  @Test
  void undeclaredOrUntypedAttributesAreRefused(@TempDir Path dir) throws Exception {
    IngestFixture f = new IngestFixture(dir);
    f.write("crm/c.csv", "id,email,updated,sector,staff,since,news,job\n");
    f.write("web/w.csv", "account,mail,updated,sector\n");
    ClienteleException undeclared =
        assertThrows(ClienteleException.class, () -> f.run(f.config(conf(dir, ""))));
    assertTrue(
        undeclared
            .getMessage()
            .contains("which clientele.attributes does not declare (type and personal)"),
        undeclared.getMessage());
    ClienteleException unflagged =
        assertThrows(
            ClienteleException.class,
            () -> f.run(f.config(conf(dir, " attributes { sector { type = string } }\n"))));
    assertTrue(
        unflagged.getMessage().contains("clientele.attributes.sector.personal must be set"),
        unflagged.getMessage());
  }

  private static void resolve(IngestFixture f, Config config) {
    Settings settings = new Settings(config);
    RunContext ctx =
        new RunContext(
            settings,
            SparkTest.spark(),
            f.io(),
            "resolve-1",
            LocalDate.of(2024, 12, 31),
            Instant.now(),
            new RunSummary("resolve-1", "resolve", "2024-12-31", Instant.now(), settings.hash()));
    new ResolveStage().run(ctx);
  }
}
