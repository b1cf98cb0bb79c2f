package dev.clientele.ingest;

import static dev.clientele.testkit.DataFrameAssert.assertDataFrameEquals;
import static dev.clientele.testkit.DataFrameAssert.df;
import static dev.clientele.testkit.DataFrameAssert.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.clientele.pipeline.StageResult;
import dev.clientele.schema.Tables;
import dev.clientele.testkit.SparkTest;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A customer record needs only its source key: a bad optional attribute becomes null and a
 * data-quality issue, the record is accepted; an empty string is an absent value, not an invalid
 * one (FEBRL's {@code concat_ws(' ', street_number, address_1)} with both empty).
 */
@ExtendWith(SparkTest.class)
class CustomerAttributeIssuesTest {
  @Test
  void badOptionalAttributesAreNulledCountedAndTheRecordIsKept(@TempDir Path dir) throws Exception {
    IngestFixture f = new IngestFixture(dir);
    f.write(
        "crm/people.csv",
        "id,first,last,dob,no,street,score\n"
            // By hand: K1 good; K2 typed dob (month 18), K3 day 32: impossible_date;
            // K4 empty street parts -> address '' is absent (no issue) and score 'x' not a number;
            // K5 'tomorrow' is no date shape -> unparseable_birth_date; the keyless row is the one
            // quarantined (missing_required).
            + "K1,Ann,Lee,19900318,1,main st,7\n"
            + "K2,Bob,Ray,19901803,2,high st,\n"
            + "K3,Cy,Ng,19571232,,,\n"
            + "K4,Di,Fox,,,,x\n"
            + "K5,Ed,Roe,tomorrow,3,low st,5\n"
            + ",No,Key,19900101,4,a st,1\n");
    String conf =
        "clientele.ingest.max-quarantine-share = 1.0\n"
            + "clientele.sources { crm { path = \""
            + dir.resolve("crm")
            + "/*.csv\", format = csv, channel = offline, kind = customers\n"
            + " options { header = \"true\" }\n date-formats = [\"yyyyMMdd\"]\n"
            + " mapping { customer_key = \"id\", first_name = \"first\", last_name = \"last\",\n"
            + "  birth_date = \"dob\", address_line = \"concat_ws(' ', no, street)\",\n"
            + "  satisfaction_score = \"score\" } } }\n";
    StageResult r = f.run(f.config(conf));
    Map<String, Object> s = IngestFixture.source(r, "crm");
    assertEquals(6L, s.get("read"), "rows read");
    assertEquals(5L, s.get("accepted"), "every keyed record is accepted");
    assertEquals(Map.of("missing_required", 1L), s.get("reasons"), "only the keyless row");
    assertEquals(
        Map.of(
            "birth_date", Map.of("impossible_date", 2L, "unparseable_birth_date", 1L),
            "satisfaction_score", Map.of("not_a_number", 1L)),
        s.get("attribute_issues"),
        "issues per column and reason");
    StructType issue =
        new StructType()
            .add("customer_key", DataTypes.StringType)
            .add("column_name", DataTypes.StringType)
            .add("reason", DataTypes.StringType);
    assertDataFrameEquals(
        df(
            issue,
            row("K2", "birth_date", "impossible_date"),
            row("K3", "birth_date", "impossible_date"),
            row("K4", "satisfaction_score", "not_a_number"),
            row("K5", "birth_date", "unparseable_birth_date")),
        f.io().read(Tables.DATA_QUALITY_ISSUES).select("customer_key", "column_name", "reason"));
    StructType bronze =
        new StructType()
            .add("customer_key", DataTypes.StringType)
            .add("birth_date", DataTypes.StringType)
            .add("address_line", DataTypes.StringType);
    assertDataFrameEquals(
        df(
            bronze,
            row("K1", "1990-03-18", "1 main st"),
            row("K2", null, "2 high st"),
            row("K3", null, null),
            row("K4", null, null),
            row("K5", null, "3 low st")),
        f.io()
            .read(Tables.BRONZE_CUSTOMERS)
            .selectExpr(
                "customer_key", "cast(birth_date as string) AS birth_date", "address_line"));
    assertFalse(
        f.io().read(Tables.DATA_QUALITY_ISSUES).schema().fieldNames().length > 7,
        "no raw value column");
  }
}
