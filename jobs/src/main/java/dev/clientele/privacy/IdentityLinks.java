package dev.clientele.privacy;

import static org.apache.spark.sql.functions.col;

import dev.clientele.identity.Hashing;
import dev.clientele.identity.IdentityRecords;
import dev.clientele.io.TableIO;
import dev.clientele.privacy.PersonHashes.Kind;
import dev.clientele.schema.Cols;
import dev.clientele.schema.Tables;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the identity map and {@code customer_id_history} say about a person's records, in hashes:
 * the customer ids of their nodes, the nodes of those ids, and the former ids (merged or split)
 * that led to them. A former id that is some customer's current id is not followed: it belongs to
 * the other part of a split, another person.
 */
final class IdentityLinks {
  private static final String NODE_H = "_h_node";
  private static final String ID_H = "_h_id";
  private final Dataset<Row> map;
  private final Dataset<Row> history;
  private final Hashing hashing;

  private IdentityLinks(Dataset<Row> map, Dataset<Row> history, Hashing hashing) {
    this.map = map;
    this.history = history;
    this.hashing = hashing;
  }

  static IdentityLinks of(TableIO io, Hashing hashing) {
    Dataset<Row> map = io.readIfExists(Tables.CUSTOMER_IDENTITY_MAP);
    Dataset<Row> history = io.readIfExists(Tables.CUSTOMER_ID_HISTORY);
    return new IdentityLinks(
        map == null
            ? null
            : map.select(
                PersonHashes.hash(
                        hashing,
                        Kind.NODE,
                        IdentityRecords.node(col(Cols.SOURCE), col(Cols.CUSTOMER_KEY)))
                    .as(NODE_H),
                PersonHashes.hash(hashing, Kind.CUSTOMER_ID, col(Cols.CUSTOMER_ID)).as(ID_H)),
        history,
        hashing);
  }

  /**
   * Adds to {@code fresh} the ids and nodes the known {@code values} lead to and that are not known
   * yet; returns everything found (empty when the map knows none of the nodes).
   */
  ErasedValues follow(ErasedValues values, ErasedValues fresh) {
    ErasedValues found = ErasedValues.empty();
    if (map == null) {
      return found;
    }
    found.addAll(Kind.CUSTOMER_ID, map.where(values.hashIsIn(Kind.NODE, col(NODE_H))).select(ID_H));
    ErasedValues ids = ErasedValues.empty();
    ids.addAll(found);
    values.of(Kind.CUSTOMER_ID).forEach(h -> ids.add(Kind.CUSTOMER_ID, h));
    found.addAll(Kind.NODE, map.where(ids.hashIsIn(Kind.CUSTOMER_ID, col(ID_H))).select(NODE_H));
    if (history != null && !ids.isEmpty()) {
      ErasedValues former = ErasedValues.empty();
      Dataset<Row> current = map.select(col(ID_H)).distinct();
      Dataset<Row> older =
          history
              .where(
                  ids.hashIsIn(
                      Kind.CUSTOMER_ID,
                      PersonHashes.hash(hashing, Kind.CUSTOMER_ID, col(Cols.NEW_CUSTOMER_ID))))
              .select(
                  PersonHashes.hash(hashing, Kind.CUSTOMER_ID, col(Cols.OLD_CUSTOMER_ID)).as(ID_H))
              .join(current, ID_H, "left_anti");
      former.addAll(Kind.CUSTOMER_ID, older);
      found.addAll(former);
    }
    for (Kind k : new Kind[] {Kind.CUSTOMER_ID, Kind.NODE}) {
      for (String h : found.of(k)) {
        if (!values.of(k).contains(h)) {
          fresh.add(k, h);
        }
      }
    }
    return found;
  }
}
