package dev.clientele.bi;

import dev.clientele.Errors;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One Trino node on 127.0.0.1 with a {@code delta} catalog (Delta Lake connector, file metastore),
 * run from a state folder that holds its configuration, data, log, pid and port.
 */
public final class TrinoServer {
  /** The catalog name BI tools connect to. */
  public static final String CATALOG = "delta";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
  private final Path state;

  /**
   * @param state the folder for configuration, metastore, data, log, pid and port
   */
  public TrinoServer(Path state) {
    this.state = state.toAbsolutePath().normalize();
  }

  /** The state folder of a local warehouse: {@code <warehouse>/_bi/trino}. */
  public static Path stateOf(String warehouseUri) {
    if (!warehouseUri.startsWith("file:")) {
      throw Errors.config(
          "clientele bi runs a local Trino and needs a local warehouse (file:), not "
              + warehouseUri
              + "; for a cluster, register the tables in the cluster's Trino (docs/bi.md)");
    }
    // Settings.absoluteUri writes file:<absolute path>, not percent-encoded.
    return Path.of(warehouseUri.substring("file:".length()).replaceFirst("^//", ""))
        .resolve("_bi")
        .resolve("trino");
  }

  public Path state() {
    return state;
  }

  /** The port of the running server, if one runs from this state folder. */
  public Optional<Integer> port() {
    Optional<ProcessHandle> p = process();
    if (p.isEmpty() || !Files.isRegularFile(portFile())) {
      return Optional.empty();
    }
    try {
      return Optional.of(Integer.parseInt(Files.readString(portFile()).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The JDBC URL of the running server (catalog {@code delta}, the given schema). */
  public String jdbcUrl(String schema) {
    int port =
        port()
            .orElseThrow(
                () ->
                    Errors.input(
                        "no Trino runs from "
                            + state
                            + "; start it with 'clientele bi start' (scripts/bi-trino.sh start)"));
    return "jdbc:trino://127.0.0.1:" + port + "/" + CATALOG + "/" + schema;
  }

  /**
   * Starts the server unless it already runs, and waits until it accepts queries; returns the port.
   * The server's own output goes to {@code server.log} in the state folder.
   */
  public int start(Map<String, String> env) {
    Optional<Integer> running = port();
    if (running.isPresent()) {
      return running.get();
    }
    Path home = TrinoInstall.server(env);
    Path java = TrinoInstall.java(env);
    int port = freeLoopbackPort();
    try {
      writeConfig(port);
      List<String> cmd = command(java, home);
      Process p =
          new ProcessBuilder(cmd)
              .directory(state.resolve("data").toFile())
              .redirectErrorStream(true)
              .redirectOutput(state.resolve("server.log").toFile())
              .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
              .start();
      Files.writeString(pidFile(), p.pid() + "\n");
      Files.writeString(portFile(), port + "\n");
      awaitReady(p, port);
      return port;
    } catch (IOException e) {
      throw Errors.input("cannot start Trino from " + state + ": " + e.getMessage());
    }
  }

  /** Stops the server by its pid (TERM, then KILL after 30 s); true if one was running. */
  public boolean stop() {
    Optional<ProcessHandle> p = process();
    try {
      Files.deleteIfExists(portFile());
      Files.deleteIfExists(pidFile());
    } catch (IOException e) {
      // Files of a stopped server; the next start overwrites them.
    }
    if (p.isEmpty()) {
      return false;
    }
    p.get().destroy();
    try {
      p.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      p.get().destroyForcibly();
    }
    return true;
  }

  private Optional<ProcessHandle> process() {
    if (!Files.isRegularFile(pidFile())) {
      return Optional.empty();
    }
    try {
      long pid = Long.parseLong(Files.readString(pidFile()).trim());
      // The pid must still be a Trino from this folder, not a process that reused the number.
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(
              h ->
                  h.info()
                      .arguments()
                      .map(a -> String.join(" ", a).contains(state.toString()))
                      .orElse(true));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private List<String> command(Path java, Path home) {
    Path etc = state.resolve("etc");
    List<String> cmd = new ArrayList<>(List.of(java.toString()));
    cmd.addAll(
        List.of(
            "-server",
            "-Xmx2G",
            "-XX:+UseG1GC",
            "-XX:+ExplicitGCInvokesConcurrent",
            "-XX:+ExitOnOutOfMemoryError",
            "-XX:-OmitStackTraceInFastThrow",
            "-XX:ReservedCodeCacheSize=256M",
            "-XX:+EnableDynamicAgentLoading",
            "-Djdk.attach.allowAttachSelf=true",
            "-Djdk.nio.maxCachedBufferSize=2000000",
            "-Dfile.encoding=UTF-8",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow",
            "--enable-native-access=ALL-UNNAMED",
            "-Dnode.environment=clientele",
            "-Dnode.id=clientele-bi",
            "-Dnode.data-dir=" + state.resolve("data"),
            "-Dconfig=" + etc.resolve("config.properties"),
            "-Dlog.levels-file=" + etc.resolve("log.properties"),
            "-Dcatalog.config-dir=" + etc.resolve("catalog"),
            "-Dplugin.dir=" + home.resolve("plugin-bi"),
            "-cp",
            home.resolve("lib") + "/*",
            "io.trino.server.TrinoServer"));
    return cmd;
  }

  private void writeConfig(int port) throws IOException {
    Path etc = state.resolve("etc");
    Files.createDirectories(etc.resolve("catalog"));
    Files.createDirectories(state.resolve("data"));
    Files.createDirectories(state.resolve("metastore"));
    Files.writeString(
        etc.resolve("config.properties"),
        String.join(
            "\n",
            "coordinator=true",
            "node-scheduler.include-coordinator=true",
            "http-server.http.port=" + port,
            "discovery.uri=http://127.0.0.1:" + port,
            "node.internal-address=127.0.0.1",
            "node.bind-ip=127.0.0.1",
            "query.max-memory=1GB",
            "query.max-memory-per-node=1GB",
            "")); // one node, ~2 GiB heap: Trino keeps ~30 % headroom
    Files.writeString(etc.resolve("log.properties"), "io.trino=INFO\n");
    Files.writeString(
        etc.resolve("catalog").resolve(CATALOG + ".properties"),
        String.join(
            "\n",
            "connector.name=delta_lake",
            "hive.metastore=file",
            "hive.metastore.catalog.dir=local://" + state.resolve("metastore"),
            "fs.native-local.enabled=true",
            "local.location=/",
            "delta.register-table-procedure.enabled=true",
            "delta.enable-non-concurrent-writes=true",
            ""));
  }

  private void awaitReady(Process p, int port) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw Errors.input(
            "Trino exited during start-up (exit "
                + p.exitValue()
                + "); see "
                + state.resolve("server.log"));
      }
      if (ready(port)) {
        return;
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    p.destroyForcibly();
    throw Errors.input(
        "Trino did not start within "
            + START_TIMEOUT.toSeconds()
            + " s; see "
            + state.resolve("server.log"));
  }

  /** Trino answers {@code /v1/info} with {"starting":false} once it accepts queries. */
  private static boolean ready(int port) {
    try {
      HttpURLConnection c =
          (HttpURLConnection)
              URI.create("http://127.0.0.1:" + port + "/v1/info").toURL().openConnection();
      c.setConnectTimeout(1000);
      c.setReadTimeout(1000);
      try (var in = c.getInputStream()) {
        String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return body.replace(" ", "").contains("\"starting\":false");
      } finally {
        c.disconnect();
      }
    } catch (IOException e) {
      return false;
    }
  }

  private static int freeLoopbackPort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw Errors.input("no free port on 127.0.0.1: " + e.getMessage());
    }
  }

  private static java.io.File nullFile() {
    return new java.io.File(
        System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
  }

  private Path pidFile() {
    return state.resolve("trino.pid");
  }

  private Path portFile() {
    return state.resolve("trino.port");
  }
}
