package dev.clientele.privacy;

import dev.clientele.Errors;
import dev.clientele.privacy.PersonHashes.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * One person to erase, named by one or more selectors (customer key, e-mail, phone, loyalty id).
 * {@link #toString()} names the request and its selector kinds, never a value, so it can go into
 * messages and summaries.
 *
 * @param label where the request came from ("the command line", "line 3 of the requests file")
 */
public record ErasureRequest(String label, List<Selector> selectors) {

  /** A selector: a kind and the value as given; for NODE, "SOURCE:KEY". */
  public record Selector(Kind kind, String value) {
    @Override
    public String toString() {
      return kind.label();
    }
  }

  public ErasureRequest {
    selectors = List.copyOf(selectors);
    if (selectors.isEmpty()) {
      throw Errors.usage(
          label
              + " names nobody; give --customer-key, --email, --phone, --loyalty-id or"
              + " --requests FILE");
    }
  }

  /**
   * Parses the requests file's lines: one request a line, {@code selector=value} with selector
   * {@code customer-key} (value SOURCE:KEY), {@code email}, {@code phone} or {@code loyalty-id};
   * blank lines and lines starting with {@code #} are skipped. Errors name the line, never its
   * value.
   */
  public static List<ErasureRequest> parseLines(List<String> lines) {
    List<ErasureRequest> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String label = "line " + (i + 1) + " of the requests file";
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw Errors.usage(label + " is not selector=value (e.g. email=..., customer-key=S:K)");
      }
      String name = line.substring(0, eq).strip();
      out.add(new ErasureRequest(label, List.of(selector(name, line.substring(eq + 1), label))));
    }
    if (out.isEmpty()) {
      throw Errors.usage("the requests file holds no request (one selector=value a line)");
    }
    return out;
  }

  /** A selector from its option or file name; checks a customer key is SOURCE:KEY. */
  public static Selector selector(String name, String value, String label) {
    String v = value == null ? "" : value.strip();
    if (v.isEmpty()) {
      throw Errors.usage(label + ": " + name + " has no value");
    }
    Kind kind =
        switch (name) {
          case "customer-key" -> Kind.NODE;
          case "email" -> Kind.EMAIL;
          case "phone" -> Kind.PHONE;
          case "loyalty-id" -> Kind.LOYALTY_ID;
          default ->
              // The name is not echoed: a mistyped line may hold the value before its '='.
              throw Errors.usage(
                  label + ": unknown selector; use customer-key, email, phone or loyalty-id");
        };
    if (kind == Kind.NODE) {
      int colon = v.indexOf(':');
      if (colon <= 0 || colon == v.length() - 1) {
        throw Errors.usage(label + ": customer-key expects SOURCE:KEY");
      }
    }
    return new Selector(kind, v);
  }

  @Override
  public String toString() {
    return label + " " + selectors;
  }
}
