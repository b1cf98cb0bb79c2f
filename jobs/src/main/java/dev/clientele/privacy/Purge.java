package dev.clientele.privacy;

import dev.clientele.io.RemovedFiles;
import dev.clientele.io.Runs;
import dev.clientele.io.TableIO;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * After an erasure, removes from storage the older files of every table keyed by person (their
 * tombstones and change data), keeping what the latest and the published versions read: the erased
 * person's rows then remain in no version. Time travel to the older versions stops working.
 */
public final class Purge {
  private Purge() {}

  /**
   * Purges every table erase covers, keeping the files of its latest and its published version
   * (which the erasure deletes have moved past themselves: {@link Runs#publishedVersions}).
   */
  public static Map<String, RemovedFiles.Purged> purge(TableIO io) {
    Map<String, Long> published = new Runs(io).publishedVersions();
    Map<String, RemovedFiles.Purged> out = new TreeMap<>();
    for (String table : new TreeSet<>(tables())) {
      if (!io.exists(table)) {
        continue;
      }
      Long pin = published.get(table);
      RemovedFiles.Purged p =
          RemovedFiles.purge(io, table, pin == null ? OptionalLong.empty() : OptionalLong.of(pin));
      if (p.files() > 0) {
        out.put(table, p);
      }
    }
    return out;
  }

  static Set<String> tables() {
    return Erasure.COVERED_TABLES;
  }
}
