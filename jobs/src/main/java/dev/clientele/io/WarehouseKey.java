package dev.clientele.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clientele.Errors;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The fingerprint of the HMAC key a warehouse was built with, in {@value #FILE}: recorded by the
 * first run, checked by every later one before it writes anything, so a run with another key (whose
 * hashes would never match the warehouse's) stops instead of writing suppression entries or hashed
 * identifiers nobody can match. The file holds the fingerprint only, never the key.
 */
public final class WarehouseKey {
  public static final String FILE = "_meta/hmac_key.json";
  private static final String ROTATING = ".rotating";

  private WarehouseKey() {}

  /**
   * Records {@code fingerprint} when the warehouse has none yet; otherwise refuses a different one.
   *
   * @param secretEnv the variable that should hold the warehouse's key, named in the error
   */
  public static void requireOrRecord(
      TableIO io, String fingerprint, String secretEnv, String runId) {
    String recorded = recorded(io);
    if (recorded == null) {
      recorded = record(io, fingerprint, runId);
    }
    if (!recorded.equals(fingerprint)) {
      throw Errors.otherHmacKey(io.warehouse(), recorded, fingerprint, secretEnv);
    }
  }

  /** The recorded fingerprint, or null when the warehouse has none. */
  public static String recorded(TableIO io) {
    Path p = path(io);
    try {
      FileSystem fs = p.getFileSystem(io.spark().sparkContext().hadoopConfiguration());
      if (!fs.exists(p)) {
        // A rotation stopped between removing the file and renaming its successor into place.
        Path rotating = new Path(p + ROTATING);
        if (!fs.exists(rotating)) {
          return null;
        }
        p = rotating;
      }
      try (InputStream in = fs.open(p)) {
        JsonNode f = new ObjectMapper().readTree(in).get("fingerprint");
        if (f == null || !f.isTextual() || f.asText().isBlank()) {
          throw Errors.config(
              p + " has no \"fingerprint\" field; restore the file from a backup of the warehouse");
        }
        return f.asText();
      }
    } catch (IOException e) {
      throw Errors.cannotRead("the key fingerprint", p.toString(), e);
    }
  }

  /** Writes the file unless a concurrent first run got there first; returns what is recorded. */
  private static String record(TableIO io, String fingerprint, String runId) {
    Path p = path(io);
    ObjectNode json = new ObjectMapper().createObjectNode();
    json.put("schema_version", 1);
    json.put("fingerprint", fingerprint);
    json.put(
        "fingerprint_of",
        "first 16 hex characters of HMAC-SHA-256(key, \"clientele-key-fingerprint\")");
    json.put("recorded_at", Instant.now().toString());
    json.put("recorded_by_run", runId);
    try {
      FileSystem fs = p.getFileSystem(io.spark().sparkContext().hadoopConfiguration());
      try (OutputStream os = fs.create(p, false)) {
        os.write(json.toPrettyString().getBytes(StandardCharsets.UTF_8));
      }
    } catch (FileAlreadyExistsException e) {
      return recorded(io);
    } catch (IOException e) {
      if (recordedQuietly(io) != null) {
        // Another first run created it between our check and our write (some file systems
        // report that as a plain IOException).
        return recorded(io);
      }
      throw Errors.cannotWrite("the key fingerprint", p.toString(), e);
    }
    return fingerprint;
  }

  /**
   * Replaces the recorded fingerprint {@code from} by {@code to} (a key rotation's last step),
   * keeping the earlier fingerprints under {@code previous}. Written beside and renamed over the
   * file, so a reader sees the old file or the new one.
   */
  public static void rotate(TableIO io, String from, String to, String runId) {
    Path p = path(io);
    Path tmp = new Path(p + ROTATING);
    try {
      FileSystem fs = p.getFileSystem(io.spark().sparkContext().hadoopConfiguration());
      ObjectNode json;
      try (InputStream in = fs.open(fs.exists(p) ? p : tmp)) {
        json = (ObjectNode) new ObjectMapper().readTree(in);
      }
      com.fasterxml.jackson.databind.node.ArrayNode previous =
          json.has("previous")
              ? (com.fasterxml.jackson.databind.node.ArrayNode) json.get("previous")
              : json.putArray("previous");
      ObjectNode retired = previous.addObject();
      retired.put("fingerprint", from);
      retired.put("retired_at", Instant.now().toString());
      retired.put("retired_by_run", runId);
      json.set("previous", previous);
      json.put("fingerprint", to);
      json.put("recorded_at", Instant.now().toString());
      json.put("recorded_by_run", runId);
      try (OutputStream os = fs.create(tmp, true)) {
        os.write(json.toPrettyString().getBytes(StandardCharsets.UTF_8));
      }
      fs.delete(p, false);
      if (!fs.rename(tmp, p)) {
        throw new IOException("cannot rename " + tmp + " to " + p);
      }
    } catch (IOException e) {
      throw Errors.cannotWrite("the key fingerprint", p.toString(), e);
    }
  }

  private static String recordedQuietly(TableIO io) {
    try {
      return recorded(io);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static Path path(TableIO io) {
    return new Path(io.warehouse() + "/" + FILE);
  }
}
