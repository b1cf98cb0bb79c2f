package dev.clientele.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clientele.io.TableCatalogue;
import dev.clientele.io.TableSpec;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Erasure deletes from exactly the tables the catalogue marks as keyed by person. */
class ErasureCoverageTest {
  @Test
  void everyTableKeyedByPersonIsCoveredByErasure() {
    Set<String> keyedByPerson =
        TableCatalogue.all().stream()
            .filter(TableSpec::keyedByPerson)
            .map(TableSpec::name)
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(
        keyedByPerson,
        new TreeSet<>(Erasure.COVERED_TABLES),
        "a table keyed by person that erase does not delete from (or one it deletes from that the"
            + " catalogue does not mark)");
  }
}
