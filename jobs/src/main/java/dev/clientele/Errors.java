package dev.clientele;

import java.util.Collection;

/**
 * The one place user-facing errors come from. Each says the problem, the cause and, where there is
 * one, the fix, on one line; the entry point prints it and exits with its {@link ExitCode}.
 */
public final class Errors {
  private Errors() {}

  /** An error a user can meet: bad configuration, missing input, failed gate. */
  public static final class ClienteleException extends RuntimeException {
    private final ExitCode exit;

    ClienteleException(String message, ExitCode exit, Throwable cause) {
      super(message, cause);
      this.exit = exit;
    }

    public ExitCode exit() {
      return exit;
    }

    /** The process exit code ({@link ExitCode#code()}). */
    public int exitCode() {
      return exit.code();
    }
  }

  public static ClienteleException config(String message) {
    return new ClienteleException("configuration: " + message, ExitCode.CONFIG, null);
  }

  /**
   * A command line that parses but cannot be run as given (a bad option value, a refused path).
   * Exit code 2, like picocli's own usage errors and configuration errors: nothing was read.
   */
  public static ClienteleException usage(String message) {
    return new ClienteleException("usage: " + message, ExitCode.CONFIG, null);
  }

  public static ClienteleException input(String message) {
    return new ClienteleException("input: " + message, ExitCode.INPUT, null);
  }

  public static ClienteleException qualityGate(String message) {
    return new ClienteleException(
        "data-quality gate failed: " + message, ExitCode.QUALITY_GATE, null);
  }

  public static ClienteleException concurrent(String message) {
    return new ClienteleException("concurrent modification: " + message, ExitCode.CONCURRENT, null);
  }

  private static final String MODEL = "model: ";

  public static ClienteleException model(String message) {
    return new ClienteleException(MODEL + message, ExitCode.FAILED, null);
  }

  /** Whether {@code e} says a model cannot be fitted (see {@link #model}). */
  public static boolean isModel(RuntimeException e) {
    return e instanceof ClienteleException && String.valueOf(e.getMessage()).startsWith(MODEL);
  }

  /** An upstream table that was never written. */
  public static ClienteleException missingTable(String table, String producedBy) {
    return input(
        "table '" + table + "' does not exist yet; run '" + producedBy + "' first (or 'pipeline')");
  }

  /** An upstream table without the snapshot of the as-of date. */
  public static ClienteleException missingSnapshot(String table, Object asOf, String producedBy) {
    return input(
        "table '"
            + table
            + "' has no snapshot "
            + asOf
            + "; run '"
            + producedBy
            + " --as-of "
            + asOf
            + "' first (or 'pipeline')");
  }

  /**
   * A table without columns a step needs; {@code why} names the setting or step that needs them.
   */
  public static ClienteleException missingColumns(
      String table, Collection<String> missing, String why, Collection<String> found) {
    return input(
        "table '"
            + table
            + "' lacks column(s) "
            + missing
            + " that "
            + why
            + "; columns found: "
            + found);
  }

  /** Configuration keys that the defaults do not know (a typo, or a key of another version). */
  public static ClienteleException unknownKeys(Collection<String> keys) {
    return config(
        "unknown configuration key(s) " + keys + "; see conf/application.conf for the keys");
  }

  /**
   * A file the run must write (summary, report, model) could not be written: the location is
   * missing, read-only or full.
   */
  public static ClienteleException cannotWrite(String what, String target, Exception cause) {
    return cannotWrite(
        what,
        target,
        cause,
        "check that the warehouse (clientele.warehouse) is reachable and writable");
  }

  /** {@link #cannotWrite(String, String, Exception)} outside the warehouse, with its own fix. */
  public static ClienteleException cannotWrite(
      String what, String target, Exception cause, String fix) {
    return new ClienteleException(
        "cannot write " + what + " to " + target + " (" + firstLine(cause) + "); " + fix,
        ExitCode.FAILED,
        cause);
  }

  /**
   * The warehouse was built with another HMAC key than this run's: every keyed hash it would write
   * (suppression entries, hashed identifiers) would never match the existing ones.
   */
  public static ClienteleException otherHmacKey(
      String warehouse, String recorded, String current, String secretEnv) {
    return new ClienteleException(
        "configuration: the warehouse "
            + warehouse
            + " was built with the HMAC key of fingerprint "
            + recorded
            + " (recorded in _meta/hmac_key.json), but this run's key has fingerprint "
            + current
            + "; nothing was written. Set the environment variable "
            + secretEnv
            + " (or clientele.privacy.hmac-secret-file) to the warehouse's key. A rotation to a new"
            + " key needs the rotation command, which does not exist yet: do not edit the file by"
            + " hand (see README, Privacy)",
        ExitCode.CONFIG,
        null);
  }

  /** A location the run must read (a listing of the warehouse) could not be read. */
  public static ClienteleException cannotRead(String what, String location, Exception cause) {
    return new ClienteleException(
        "input: cannot read "
            + what
            + " at "
            + location
            + " ("
            + firstLine(cause)
            + "); check that the warehouse (clientele.warehouse) is reachable and readable",
        ExitCode.INPUT,
        cause);
  }

  /**
   * A defect of clientele or its runtime, not of the input or configuration (a JDK algorithm
   * missing, a library API changed). Not a {@link ClienteleException}: the entry point prints its
   * stack trace, which whoever fixes it needs.
   */
  public static IllegalStateException internal(String problem, Throwable cause) {
    return new IllegalStateException(
        "internal error: " + problem + " (a defect of clientele or its runtime; please report it)",
        cause);
  }

  private static String firstLine(Exception e) {
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = msg.indexOf('\n');
    return nl > 0 ? msg.substring(0, nl) : msg;
  }
}
