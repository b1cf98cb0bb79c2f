package dev.clientele.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clientele.Errors.ClienteleException;
import dev.clientele.identity.Hashing;
import dev.clientele.testkit.SparkTest;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Suppression entries are matched with the key they were made with, retired keys included. */
@ExtendWith(SparkTest.class)
class SuppressionKeysTest {
  private static final Hashing CURRENT = new Hashing("current-key");
  private static final Hashing RETIRED = new Hashing("retired-key");

  @Test
  void anEntryMadeWithARetiredKeyIsMatchedWithThatKey() {
    // a@x.fr erased under the retired key, b@x.fr under the current one before the column existed.
    Dataset<Row> suppressed =
        entries(
            RowFactory.create(RETIRED.hmacHex("a@x.fr"), RETIRED.fingerprint()),
            RowFactory.create(CURRENT.hmacHex("b@x.fr"), null));
    List<Hashing> keys = Suppression.keys(suppressed, List.of(CURRENT, RETIRED));
    List<String> erased =
        Suppression.mark(rows(), suppressed, keys, "pos")
            .where(
                org.apache
                    .spark
                    .sql
                    .functions
                    .col(SourceMapping.REASON)
                    .equalTo(Suppression.REASON))
            .select("email")
            .orderBy("email")
            .as(Encoders.STRING())
            .collectAsList();
    assertEquals(List.of(" A@x.fr", "b@x.fr"), erased, "both spellings matched, c@x.fr kept");
  }

  @Test
  void entriesOfAKeyThatIsNotConfiguredAreRefused() {
    Dataset<Row> suppressed =
        entries(RowFactory.create(RETIRED.hmacHex("a@x.fr"), RETIRED.fingerprint()));
    ClienteleException e =
        assertThrows(
            ClienteleException.class, () -> Suppression.keys(suppressed, List.of(CURRENT)));
    assertTrue(e.getMessage().contains(RETIRED.fingerprint()), e.getMessage());
    assertTrue(e.getMessage().contains("retired-hmac-secret-envs"), e.getMessage());
  }

  private static Dataset<Row> entries(Row... rows) {
    StructType schema =
        new StructType()
            .add("identifier_hash", DataTypes.StringType)
            .add("key_fingerprint", DataTypes.StringType);
    return SparkTest.spark().createDataFrame(List.of(rows), schema);
  }

  private static Dataset<Row> rows() {
    StructType schema =
        new StructType()
            .add("email", DataTypes.StringType)
            .add(SourceMapping.DETAIL, DataTypes.StringType)
            .add(SourceMapping.REASON, DataTypes.StringType);
    return SparkTest.spark()
        .createDataFrame(
            List.of(
                RowFactory.create(" A@x.fr", null, null),
                RowFactory.create("b@x.fr", null, null),
                RowFactory.create("c@x.fr", null, null)),
            schema);
  }
}
