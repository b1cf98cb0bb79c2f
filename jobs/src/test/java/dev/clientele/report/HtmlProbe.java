package dev.clientele.report;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/** Finds figures, charts and data rows in a rendered report, as a reader's tooling would. */
final class HtmlProbe {
  private final String html;

  HtmlProbe(String html) {
    this.html = html;
  }

  /** The exact value of {@code <span data-figure="key" data-value="...">}. */
  String figure(String key) {
    Matcher m =
        Pattern.compile("data-figure=\"" + Pattern.quote(key) + "\" data-value=\"([^\"]*)\"")
            .matcher(html);
    if (!m.find()) {
      fail("no figure '" + key + "' in the report");
    }
    return m.group(1);
  }

  double figureDouble(String key) {
    return Double.parseDouble(figure(key));
  }

  long figureLong(String key) {
    return Long.parseLong(figure(key));
  }

  /** Asserts {@code <figure id=...>} holds a PNG data URI that decodes to a real image. */
  BufferedImage chart(String id) {
    Matcher m =
        Pattern.compile(
                "<figure id=\""
                    + Pattern.quote(id)
                    + "\"><img alt=\"[^\"]*\" src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"")
            .matcher(html);
    assertTrue(m.find(), "chart '" + id + "' with an embedded PNG is in the report");
    byte[] png = Base64.getDecoder().decode(m.group(1));
    try {
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
      assertNotNull(img, "chart '" + id + "' decodes as an image");
      assertTrue(img.getWidth() > 100 && img.getHeight() > 100, "chart '" + id + "' has a size");
      return img;
    } catch (IOException e) {
      throw new AssertionError("chart '" + id + "' does not decode", e);
    }
  }

  /** The text of the section with this id. */
  String section(String id) {
    int start = html.indexOf("<section id=\"" + id + "\">");
    assertTrue(start >= 0, "section '" + id + "' is in the report");
    return html.substring(start, html.indexOf("</section>", start));
  }

  /** An attribute of the first element whose {@code attr} equals value: {@code data-customers}. */
  String attrOf(String attr, String value, String wanted) {
    Matcher m =
        Pattern.compile(attr + "=\"" + Pattern.quote(value) + "\"[^>]*?" + wanted + "=\"([^\"]*)\"")
            .matcher(html);
    if (!m.find()) {
      fail("no element with " + attr + "=\"" + value + "\" and " + wanted);
    }
    return m.group(1);
  }

  boolean contains(String s) {
    return html.contains(s);
  }
}
