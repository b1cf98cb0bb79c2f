package dev.clientele.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clientele.Errors.ClienteleException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The data-quality gate counts bad rows, not the rows of erased people. */
class ReconciliationTest {
  @Test
  void erasedRowsAreLeftOutOfTheGatesShare() {
    // 7 rows: 3 accepted, 3 of erased people, 1 bad. Bad share 1 / (7 - 3) = 0.25; the share of
    // all quarantined rows (the summary's) stays 4 / 7.
    Reconciliation r =
        new Reconciliation("costs", 7, 3, Map.of(Suppression.REASON, 3L, "not_a_number", 1L), 1, 0);
    assertEquals(0.25, r.badShare(), 1e-12);
    assertEquals(4.0 / 7, r.share(), 1e-12);
    r.checkGate(0.25);
    ClienteleException e = assertThrows(ClienteleException.class, () -> r.checkGate(0.2));
    assertTrue(e.getMessage().contains("share of bad rows 0.250"), e.getMessage());
    // Only erased people's rows: nothing bad, whatever their number.
    new Reconciliation("costs", 3, 0, Map.of(Suppression.REASON, 3L), 1, 0).checkGate(0.0);
  }
}
