package dev.clientele.report;

import java.math.BigDecimal;
import java.util.Locale;
import org.apache.commons.text.StringEscapeUtils;

/** Small HTML helpers shared by the report's sections: escaping, numbers, figures, tables. */
final class Html {
  private Html() {}

  static String esc(Object s) {
    return s == null ? "" : StringEscapeUtils.escapeHtml4(String.valueOf(s));
  }

  /** A stable id fragment from a free name (family names come from the configuration). */
  static String slug(String name) {
    String s = name == null ? "" : name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    s = s.replaceAll("^-+|-+$", "");
    return s.isEmpty() ? "unnamed" : s;
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  static String money(BigDecimal v) {
    return v == null ? "–" : String.format(Locale.ROOT, "%,.2f", v);
  }

  static String num(Double v, int decimals) {
    return v == null ? "–" : String.format(Locale.ROOT, "%,." + decimals + "f", v);
  }

  static String pct(Double share) {
    return share == null ? "–" : String.format(Locale.ROOT, "%.1f %%", share * 100);
  }

  /**
   * A headline figure people read and tests find: {@code data-figure} names it, {@code data-value}
   * holds the exact value, the text is the rounded one.
   */
  static String figure(String key, Object exact, String shown) {
    return "<span class=\"figure\" data-figure=\""
        + esc(key)
        + "\" data-value=\""
        + esc(exact == null ? "" : exact)
        + "\">"
        + esc(shown)
        + "</span>";
  }

  static String card(String label, String figureHtml) {
    return "<div class=\"card\"><div class=\"label\">"
        + esc(label)
        + "</div>"
        + figureHtml
        + "</div>";
  }

  static String chart(String id, String title, String dataUri, String caption) {
    return "<figure id=\""
        + esc(id)
        + "\"><img alt=\""
        + esc(title)
        + "\" src=\""
        + dataUri
        + "\">"
        + (caption == null ? "" : "<figcaption>" + caption + "</figcaption>")
        + "</figure>\n";
  }

  /** The message of a section whose table does not exist yet. */
  static String notAvailable(String table) {
    return "<p class=\"na\">Not available: table <code>"
        + esc(table)
        + "</code> does not exist yet (run the stage that writes it).</p>\n";
  }

  static String noRows(String table) {
    return "<p class=\"na\">Not available: table <code>"
        + esc(table)
        + "</code> has no rows for this snapshot.</p>\n";
  }

  static String section(String id, String title, String body) {
    return "<section id=\"" + esc(id) + "\"><h2>" + esc(title) + "</h2>\n" + body + "</section>\n";
  }

  /** {@code name="value"} with the value escaped, for data attributes. */
  static String attr(String name, Object value) {
    return " " + name + "=\"" + esc(value) + "\"";
  }

  /** A table row with the given attributes (from {@link #attr}) and cells (already HTML). */
  static String tr(String attrs, String... cells) {
    StringBuilder b = new StringBuilder("<tr").append(attrs).append('>');
    for (String c : cells) {
      b.append("<td>").append(c).append("</td>");
    }
    return b.append("</tr>\n").toString();
  }

  static String th(String... names) {
    StringBuilder b = new StringBuilder("<tr>");
    for (String n : names) {
      b.append("<th>").append(esc(n)).append("</th>");
    }
    return b.append("</tr>\n").toString();
  }

  static final String CSS =
      """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;
  margin:0;color:#1a202c;background:#edf2f7}
header{background:#1a4e8a;color:#fff;padding:18px 32px}
header h1{margin:0;font-size:24px} header p{margin:4px 0 0;opacity:.85}
main{max-width:1180px;margin:0 auto;padding:16px 24px}
section{background:#fff;border-radius:8px;padding:12px 20px;margin:16px 0;
  box-shadow:0 1px 3px rgba(0,0,0,.08)}
h2{font-size:19px;margin:6px 0 12px;color:#1a4e8a} h3{font-size:15px;margin:14px 0 6px}
.cards{display:flex;flex-wrap:wrap;gap:12px}
.card{flex:1 1 150px;background:#f7fafc;border:1px solid #e2e8f0;border-radius:6px;padding:10px}
.card .label{font-size:12px;color:#4a5568;text-transform:uppercase;letter-spacing:.04em}
.card .figure{font-size:24px;font-weight:600}
figure{margin:8px 0} figure img{max-width:100%;height:auto;border:1px solid #e2e8f0}
figcaption{font-size:13px;color:#4a5568}
.row{display:flex;flex-wrap:wrap;gap:12px} .row figure{flex:1 1 520px}
table{border-collapse:collapse;font-size:13px;margin:6px 0}
th,td{border-bottom:1px solid #e2e8f0;padding:4px 10px;text-align:right}
th:first-child,td:first-child{text-align:left} th{background:#f7fafc}
table.text2 td:nth-child(2),table.text2 th:nth-child(2){text-align:left}
table.textlast td:last-child,table.textlast th:last-child{text-align:left}
.na{color:#a0aec0;font-style:italic} .warn{color:#c05621;font-weight:600}
details summary{cursor:pointer;color:#2b6cb0;font-size:13px}
""";
}
