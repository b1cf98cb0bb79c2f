package dev.clientele.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clientele.Errors.ClienteleException;
import dev.clientele.privacy.PersonHashes.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The requests file: one person a line; errors name the line, never what it holds. */
class ErasureRequestTest {
  @Test
  void eachLineIsOneRequestAndCommentsAndBlankLinesAreSkipped() {
    List<ErasureRequest> r =
        ErasureRequest.parseLines(
            List.of(
                "# erasures of 2024-12",
                "",
                "email=Manon.Girard@example.fr",
                "  customer-key = accounts:A0002 ",
                "phone=06 12 34 56 78",
                "loyalty-id=L0000004"));
    assertEquals(4, r.size(), "four requests");
    assertEquals(
        new ErasureRequest.Selector(Kind.EMAIL, "Manon.Girard@example.fr"),
        r.get(0).selectors().get(0));
    assertEquals(
        new ErasureRequest.Selector(Kind.NODE, "accounts:A0002"), r.get(1).selectors().get(0));
    assertEquals(Kind.PHONE, r.get(2).selectors().get(0).kind());
    assertEquals(Kind.LOYALTY_ID, r.get(3).selectors().get(0).kind());
    assertEquals(
        "line 4 of the requests file [node]",
        r.get(1).toString(),
        "a request shows its line and kinds, not its values");
  }

  @Test
  void aBadLineIsNamedByItsNumberWithoutItsValue() {
    for (String bad :
        List.of("manon.girard@example.fr", "mail=manon.girard@example.fr", "customer-key=A0002")) {
      ClienteleException e =
          assertThrows(
              ClienteleException.class, () -> ErasureRequest.parseLines(List.of("# x", bad)));
      assertTrue(e.getMessage().contains("line 2"), e.getMessage());
      assertFalse(
          e.getMessage().contains("manon") || e.getMessage().contains("A0002"), e.getMessage());
      assertEquals(2, e.exitCode(), "a usage error");
    }
  }
}
