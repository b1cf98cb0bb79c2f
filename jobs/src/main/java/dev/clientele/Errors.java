package dev.clientele;

/**
 * The one place user-facing errors come from. Each says the problem, the cause and, where there is
 * one, the fix, on one line; the entry point prints it and exits non-zero.
 */
public final class Errors {
  private Errors() {}

  /** An error a user can meet: bad configuration, missing input, failed gate. */
  public static final class ClienteleException extends RuntimeException {
    private final int exitCode;

    public ClienteleException(String message, int exitCode) {
      super(message);
      this.exitCode = exitCode;
    }

    public int exitCode() {
      return exitCode;
    }
  }

  /** Exit codes, documented in the README. */
  public static final int EXIT_CONFIG = 2;

  public static final int EXIT_INPUT = 3;
  public static final int EXIT_QUALITY_GATE = 4;
  public static final int EXIT_CONCURRENT = 5;
  public static final int EXIT_FAILED = 1;

  public static ClienteleException config(String message) {
    return new ClienteleException("configuration: " + message, EXIT_CONFIG);
  }

  public static ClienteleException input(String message) {
    return new ClienteleException("input: " + message, EXIT_INPUT);
  }

  public static ClienteleException qualityGate(String message) {
    return new ClienteleException("data-quality gate failed: " + message, EXIT_QUALITY_GATE);
  }

  public static ClienteleException concurrent(String message) {
    return new ClienteleException("concurrent modification: " + message, EXIT_CONCURRENT);
  }

  public static ClienteleException model(String message) {
    return new ClienteleException("model: " + message, EXIT_FAILED);
  }

  public static ClienteleException missingTable(String table, String producedBy) {
    return input(
        "table '" + table + "' does not exist yet; run '" + producedBy + "' first (or 'pipeline')");
  }
}
