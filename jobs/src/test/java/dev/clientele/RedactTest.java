package dev.clientele;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RedactTest {
  @Test
  void masksEmailsAndPhonesInTheirUsualForms() {
    assertEquals(
        "no such mailbox: <email> (was <email>)",
        Redact.text("no such mailbox: Chloe.Dubois+news@Example.co.uk (was é.ü@mail.fr)"));
    assertEquals(
        "call <phone> or <phone>", Redact.text("call +33 6 12 34 56 78 or 06.12.34.56.78"));
    assertEquals("<phone>, <phone>", Redact.text("0612345678, (555) 123-4567"));
    assertEquals("value '<phone>' is invalid", Redact.text("value '+33612345678' is invalid"));
  }

  @Test
  void keepsDatesTimestampsAmountsAndShortNumbers() {
    String s =
        "as of 2024-12-31, at 2024-12-31 10:15:00 and 2024-12-31T10:15:00Z: 1,234.50 EUR,"
            + " 12345678 rows, order A-1002, run 20261123T141917Z, v1.2.3";
    assertEquals(s, Redact.text(s));
    assertEquals(null, Redact.text(null));
  }
}
