package dev.clientele.ingest;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clientele.identity.Hashing;
import dev.clientele.identity.Normalise;
import dev.clientele.privacy.PersonHashes;
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

/**
 * Suppression matches the resolver's normal forms: an erased e-mail, phone or loyalty id comes back
 * in no spelling, and a key is matched whole.
 */
@ExtendWith(SparkTest.class)
class SuppressionNormalisedTest {
  private static final Hashing KEY = new Hashing("test-key");
  private static final PersonHashes.Rules RULES =
      new PersonHashes.Rules(
          new Normalise.EmailRules(List.of("gmail.com"), List.of("gmail.com")), "FR");

  @Test
  void everySpellingOfAnErasedIdentifierIsSuppressed() {
    // Entries as erase writes them: HMAC of "kind:" + the normal form, worked out by hand.
    Dataset<Row> suppressed =
        entries(
            KEY.hmacHex("email:jeannedoe@gmail.com"),
            KEY.hmacHex("phone:+33633445566"),
            KEY.hmacHex("loyalty_id:L0000002"),
            KEY.hmacHex("node:loyalty-cards|L0000009"));
    List<String> erased =
        Suppression.mark(rows(), suppressed, List.of(KEY), "loyalty-cards", RULES)
            .where(col(SourceMapping.REASON).equalTo(Suppression.REASON))
            .select("id")
            .orderBy("id")
            .as(Encoders.STRING())
            .collectAsList();
    assertEquals(
        List.of("1 dotted gmail with a tag", "2 national phone", "3 dashed card", "5 own key"),
        erased,
        "rows 4 (another person) and 6 (a key that only contains the erased one) are kept");
  }

  private static Dataset<Row> entries(String... hashes) {
    StructType schema =
        new StructType()
            .add("identifier_hash", DataTypes.StringType)
            .add("key_fingerprint", DataTypes.StringType);
    List<Row> rows =
        java.util.Arrays.stream(hashes).map(h -> RowFactory.create(h, KEY.fingerprint())).toList();
    return SparkTest.spark().createDataFrame(rows, schema);
  }

  private static Dataset<Row> rows() {
    StructType schema =
        new StructType()
            .add("id", DataTypes.StringType)
            .add("customer_key", DataTypes.StringType)
            .add("email", DataTypes.StringType)
            .add("phone", DataTypes.StringType)
            .add("loyalty_id", DataTypes.StringType)
            .add(SourceMapping.DETAIL, DataTypes.StringType)
            .add(SourceMapping.REASON, DataTypes.StringType);
    return SparkTest.spark()
        .createDataFrame(
            List.of(
                RowFactory.create(
                    "1 dotted gmail with a tag",
                    "K1",
                    " Jeanne.Doe+shop@GMail.com",
                    null,
                    null,
                    null,
                    null),
                RowFactory.create(
                    "2 national phone", "K2", null, "06 33 44 55 66", null, null, null),
                RowFactory.create("3 dashed card", "K3", null, null, "l-000-0002", null, null),
                RowFactory.create(
                    "4 another person",
                    "K4",
                    "jeanne.doe@example.fr",
                    "0611111111",
                    "L0000003",
                    null,
                    null),
                RowFactory.create("5 own key", "L0000009", null, null, null, null, null),
                RowFactory.create("6 longer key", "L00000099", null, null, null, null, null)),
            schema);
  }
}
