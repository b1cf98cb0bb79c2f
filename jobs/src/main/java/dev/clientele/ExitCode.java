package dev.clientele;

/** The process exit codes, as documented in the README ("Exit codes"). */
public enum ExitCode {
  SUCCESS(0),
  /** The run failed; the last line of stderr says why. */
  FAILED(1),
  /** Configuration error, found before any data is read. */
  CONFIG(2),
  /** Input error: missing path, unreadable file, missing column or upstream table. */
  INPUT(3),
  /** A data-quality gate failed; nothing downstream was written or published. */
  QUALITY_GATE(4),
  /** A concurrent run modified the same table; nothing of this run was published. */
  CONCURRENT(5);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
