package dev.clientele;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clientele.Errors.ClienteleException;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorsTest {
  @Test
  void aFileThatCannotBeWrittenSaysWhatWhereWhyAndTheFixInOneLine() {
    ClienteleException e =
        Errors.cannotWrite(
            "the run summary",
            "s3a://bucket/wh/_runs/x.json",
            new IOException("Permission denied\nat line two"));
    assertEquals(
        "cannot write the run summary to s3a://bucket/wh/_runs/x.json (Permission denied);"
            + " check that the warehouse (clientele.warehouse) is reachable and writable",
        e.getMessage(),
        "problem, cause (first line only) and fix");
    assertEquals(ExitCode.FAILED, e.exit(), "a failed run exits with 1, without a stack trace");
    assertEquals(1, e.exitCode(), "the process exit code");
  }

  @Test
  void aListingThatCannotBeReadIsAnInputError() {
    ClienteleException e =
        Errors.cannotRead("the saved clustering models", "/wh/_models", new IOException("gone"));
    assertEquals(ExitCode.INPUT, e.exit(), "unreadable input exits with 3");
    assertTrue(
        e.getMessage()
            .startsWith("input: cannot read the saved clustering models at /wh/_models (gone)"),
        e.getMessage());
  }

  @Test
  void missingColumnsAndSnapshotsNameTheTableAndTheFix() {
    String cols =
        Errors.missingColumns(
                "unified_profiles", List.of("tier"), "the score stage needs", List.of("a"))
            .getMessage();
    assertEquals(
        "input: table 'unified_profiles' lacks column(s) [tier] that the score stage needs;"
            + " columns found: [a]",
        cols,
        "the missing columns and the columns found");
    String snap = Errors.missingSnapshot("customer_clv", "2024-12-31", "clv").getMessage();
    assertTrue(snap.contains("run 'clv --as-of 2024-12-31' first"), snap);
  }

  @Test
  void internalErrorsAreNotUserErrorsSoTheyKeepTheirStackTrace() {
    RuntimeException e = Errors.internal("the JVM offers no SHA-256", new RuntimeException("x"));
    assertFalse(e instanceof ClienteleException, "a defect is printed with its stack trace");
    assertTrue(
        e.getMessage().startsWith("internal error: the JVM offers no SHA-256"), e.getMessage());
  }

  @Test
  void exitCodesAreTheDocumentedOnes() {
    assertEquals(
        List.of(0, 1, 2, 3, 4, 5),
        java.util.Arrays.stream(ExitCode.values()).map(ExitCode::code).toList(),
        "README 'Exit codes'");
  }
}
