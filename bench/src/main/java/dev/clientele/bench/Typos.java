package dev.clientele.bench;

import java.text.Normalizer;

/** Small name typos of the kind a cashier makes: a swap, a dropped letter, lost accents. */
final class Typos {
  private Typos() {}

  static String ascii(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
  }

  static String typo(String name, SimRandom rnd) {
    if (!ascii(name).equals(name) && rnd.chance(0.5)) {
      return ascii(name);
    }
    int i = 1 + rnd.below(Math.max(1, name.length() - 2));
    if (i + 1 >= name.length()) {
      return name.substring(0, name.length() - 1);
    }
    if (rnd.chance(0.5)) {
      return name.substring(0, i) + name.charAt(i + 1) + name.charAt(i) + name.substring(i + 2);
    }
    return name.substring(0, i) + name.substring(i + 1);
  }
}
