package dev.clientele.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clientele.io.TableSpec.Data;
import dev.clientele.schema.CanonicalModel;
import dev.clientele.schema.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The privacy flags of the catalogue: every table and every listed column is classified. */
class TableSpecsTest {

  @Test
  void everyTableSaysWhetherItIsKeyedByPerson() {
    for (TableSpec spec : TableCatalogue.all()) {
      assertNotNull(spec.subject(), spec.name() + " has its person flag");
    }
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                TableSpecs.table("t")
                    .layer(TableSpec.Layer.GOLD)
                    .kind(TableSpec.Kind.SNAPSHOT)
                    .description("d")
                    .build(),
            "a table without the person flag is refused");
    assertEquals("table t needs keyedByPerson() or notKeyedByPerson()", e.getMessage());
  }

  @Test
  void everyListedColumnIsClassified() {
    for (TableSpec spec : TableCatalogue.all()) {
      List<String> listed = new ArrayList<>(spec.keys());
      listed.addAll(spec.partitionColumns());
      listed.addAll(spec.columns().keySet());
      for (String c : listed) {
        assertTrue(spec.classified().containsKey(c), spec.name() + "." + c + " is classified");
      }
    }
    assertThrows(
        IllegalStateException.class,
        () ->
            TableSpecs.table("t")
                .layer(TableSpec.Layer.GOLD)
                .kind(TableSpec.Kind.SNAPSHOT)
                .notKeyedByPerson()
                .description("d")
                .keys("k")
                .build(),
        "a key column without its flag is refused");
  }

  @Test
  void everyColumnOfTheBronzeSchemasIsClassified() {
    Map<String, StructType> written =
        Map.of(
            Tables.BRONZE_TRANSACTIONS,
            CanonicalModel.bronze(CanonicalModel.Kind.TRANSACTIONS),
            Tables.BRONZE_CUSTOMERS,
            CanonicalModel.bronze(CanonicalModel.Kind.CUSTOMERS),
            Tables.BRONZE_EVENTS,
            CanonicalModel.bronze(CanonicalModel.Kind.EVENTS),
            Tables.BRONZE_COSTS,
            CanonicalModel.bronze(CanonicalModel.Kind.COSTS),
            Tables.BRONZE_PAYMENTS,
            CanonicalModel.bronze(CanonicalModel.Kind.PAYMENTS),
            Tables.BRONZE_SURVEYS,
            CanonicalModel.bronze(CanonicalModel.Kind.SURVEYS),
            Tables.QUARANTINE,
            CanonicalModel.QUARANTINE);
    written.forEach(
        (table, schema) -> {
          TableSpec spec = TableCatalogue.spec(table).orElseThrow();
          assertEquals(
              List.of(schema.fieldNames()),
              List.copyOf(spec.classified().keySet()),
              table + ": the catalogue lists the written columns, in order");
        });
  }

  @Test
  void columnsDocumentedAsPiiArePersonal() {
    for (TableSpec spec : TableCatalogue.all()) {
      spec.classified()
          .forEach(
              (c, data) -> {
                String comment = spec.columnComment(c);
                if (comment != null && comment.contains("(PII)")) {
                  assertEquals(Data.PERSONAL, data, spec.name() + "." + c + " is documented PII");
                }
              });
    }
  }

  @Test
  void personalDataTablesFollowFromTheColumnFlags() {
    assertEquals(
        Set.of(
            Tables.BRONZE_CUSTOMERS,
            Tables.BRONZE_TRANSACTIONS,
            Tables.UNIFIED_PROFILES,
            Tables.QUARANTINE),
        TableSpecs.PERSONAL_DATA,
        "the tables BI leaves out by default");
    for (String t :
        List.of(Tables.DATA_QUALITY_ISSUES, Tables.MATCH_EXPLANATIONS, Tables.ORDER_DAYS)) {
      TableSpec spec = TableCatalogue.spec(t).orElseThrow();
      assertTrue(spec.keyedByPerson(), t + " is keyed by person (source keys or records)");
      assertFalse(spec.holdsPersonalData(), t + " holds no raw value");
    }
    assertEquals(
        List.of("raw_row"),
        TableCatalogue.spec(Tables.QUARANTINE).orElseThrow().personalColumns(),
        "quarantine's raw row");
  }

  @Test
  void keyedByPersonMatchesThePeopleTables() {
    List<String> keyed =
        TableCatalogue.all().stream()
            .filter(TableSpec::keyedByPerson)
            .map(TableSpec::name)
            .sorted()
            .toList();
    assertEquals(
        Stream.of(
                Tables.BRONZE_COSTS,
                Tables.BRONZE_CUSTOMERS,
                Tables.BRONZE_EVENTS,
                Tables.BRONZE_PAYMENTS,
                Tables.BRONZE_SURVEYS,
                Tables.BRONZE_TRANSACTIONS,
                Tables.CUSTOMER_CLV,
                Tables.CUSTOMER_ID_HISTORY,
                Tables.CUSTOMER_IDENTITY_MAP,
                Tables.CUSTOMER_METRICS,
                Tables.CUSTOMER_SEGMENTS,
                Tables.DATA_QUALITY_ISSUES,
                Tables.MATCH_EXPLANATIONS,
                Tables.ORDER_DAYS,
                Tables.QUARANTINE,
                Tables.SEGMENT_CHANGES,
                Tables.SEGMENT_MEMBERSHIP,
                Tables.TRANSACTIONS,
                Tables.UNIFIED_PROFILES)
            .sorted()
            .toList(),
        keyed,
        "tables whose rows belong to one person");
  }
}
