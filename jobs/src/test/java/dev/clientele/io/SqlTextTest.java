package dev.clientele.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SqlTextTest {
  @Test
  void literalsEscapeBackslashesAndQuotesTheWaySparkReadsThem() {
    assertEquals("'it\\'s'", SqlText.literal("it's"), "a quote is backslash-escaped");
    assertEquals("'C:\\\\data'", SqlText.literal("C:\\data"), "a backslash is doubled");
  }

  @Test
  void identifiersDoubleTheirBackQuotes() {
    assertEquals("`odd``name`", SqlText.ident("odd`name"), "a back-quote is doubled");
  }
}
