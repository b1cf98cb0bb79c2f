package dev.clientele.bi;

import dev.clientele.Errors;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Where the Trino server and a Java to run it come from: the server tarball through Maven (cached
 * in the local repository, so it is fetched once per machine), extracted once into a cache folder
 * outside any build's target, and a Java of version {@value #MIN_JAVA} or later found on the
 * machine.
 */
public final class TrinoInstall {
  public static final String VERSION = "476";
  public static final String ARTIFACT = "io.trino:trino-server:" + VERSION + ":tar.gz";
  static final int MIN_JAVA = 24;

  private TrinoInstall() {}

  /** The extracted server ({@code <cache>/trino-476}), fetching and extracting it if need be. */
  public static Path server(Map<String, String> env) {
    Path home = cacheDir(env).resolve("trino-" + VERSION);
    if (Files.isRegularFile(home.resolve(".complete"))) {
      return home;
    }
    Path tarball = tarball(env);
    try {
      Files.createDirectories(home.getParent());
      Path tmp = Files.createTempDirectory(home.getParent(), "trino-" + VERSION + "-extracting-");
      run(List.of("tar", "-xzf", tarball.toString(), "-C", tmp.toString()), 10);
      Path extracted = tmp.resolve("trino-server-" + VERSION);
      // Only the Delta Lake connector is loaded: ~60 plugins would double the start-up time.
      Path plugins = extracted.resolve("plugin-bi");
      Files.createDirectories(plugins);
      Files.createSymbolicLink(
          plugins.resolve("delta-lake"), Path.of("..", "plugin", "delta-lake"));
      Files.writeString(extracted.resolve(".complete"), ARTIFACT + "\n");
      try {
        Files.move(extracted, home);
      } catch (java.nio.file.FileAlreadyExistsException e) {
        // Another process finished first; its copy serves.
      }
      deleteQuietly(tmp);
      return home;
    } catch (IOException e) {
      throw Errors.input("cannot extract " + tarball + " into " + home + ": " + e.getMessage());
    }
  }

  /** Cache folder: CLIENTELE_CACHE_DIR, else $XDG_CACHE_HOME/clientele, else ~/.cache/clientele. */
  static Path cacheDir(Map<String, String> env) {
    String own = env.get("CLIENTELE_CACHE_DIR");
    if (own != null && !own.isBlank()) {
      return Path.of(own);
    }
    String xdg = env.get("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("clientele");
  }

  /**
   * The tarball in the local Maven repository, fetched with {@code mvn dependency:get} if absent.
   */
  static Path tarball(Map<String, String> env) {
    Path repo = localRepository(env);
    Path file =
        repo.resolve("io/trino/trino-server/" + VERSION + "/trino-server-" + VERSION + ".tar.gz");
    if (Files.isRegularFile(file)) {
      return file;
    }
    List<String> cmd = new ArrayList<>(List.of(mvn(env), "-B", "-q"));
    cmd.add("-Dmaven.repo.local=" + repo);
    cmd.addAll(List.of("dependency:get", "-Dartifact=" + ARTIFACT, "-Dtransitive=false"));
    System.err.println("[clientele] fetching " + ARTIFACT + " (about 820 MB, once) through Maven");
    int code;
    try {
      code = run(cmd, 30);
    } catch (IOException e) {
      code = -1;
    }
    if (code != 0 || !Files.isRegularFile(file)) {
      throw Errors.input(
          "the Trino server "
              + ARTIFACT
              + " could not be had through Maven (exit "
              + code
              + " of '"
              + String.join(" ", cmd)
              + "'); check that Maven reaches its central repository, or put the tarball at "
              + file);
    }
    return file;
  }

  /** The local repository: CLIENTELE_M2_REPO, the maven.repo.local property, else ~/.m2. */
  static Path localRepository(Map<String, String> env) {
    String own = env.get("CLIENTELE_M2_REPO");
    if (own == null || own.isBlank()) {
      own = System.getProperty("maven.repo.local", System.getProperty("clientele.m2.repo"));
    }
    return own != null && !own.isBlank()
        ? Path.of(own)
        : Path.of(System.getProperty("user.home"), ".m2", "repository");
  }

  private static String mvn(Map<String, String> env) {
    for (String var : List.of("MAVEN_HOME", "M2_HOME")) {
      String home = env.get(var);
      if (home != null && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
        return Path.of(home, "bin", "mvn").toString();
      }
    }
    return "mvn";
  }

  /**
   * The {@code bin/java} of a Java {@value #MIN_JAVA}+: CLIENTELE_TRINO_JAVA_HOME, JAVA_HOME, then
   * the usual JVM folders; a clear error naming every place looked at when there is none.
   */
  public static Path java(Map<String, String> env) {
    List<Path> candidates = new ArrayList<>();
    for (String var : List.of("CLIENTELE_TRINO_JAVA_HOME", "JAVA_HOME")) {
      String v = env.get(var);
      if (v != null && !v.isBlank()) {
        candidates.add(Path.of(v));
      }
    }
    candidates.add(Path.of(System.getProperty("java.home")));
    List<Path> folders =
        List.of(
            Path.of("/usr/lib/jvm"),
            Path.of("/usr/java"),
            Path.of("/opt/java"),
            Path.of("/opt"),
            Path.of(System.getProperty("user.home"), ".sdkman", "candidates", "java"),
            Path.of(System.getProperty("user.home"), ".jdks"),
            Path.of("/Library/Java/JavaVirtualMachines"));
    for (Path folder : folders) {
      candidates.addAll(children(folder));
    }
    Path best = null;
    int bestVersion = 0;
    for (Path c : candidates) {
      Path home = Files.isDirectory(c.resolve("Contents/Home")) ? c.resolve("Contents/Home") : c;
      int v = majorVersion(home).orElse(0);
      if (v >= MIN_JAVA && v > bestVersion && Files.isExecutable(home.resolve("bin/java"))) {
        best = home.resolve("bin/java");
        bestVersion = v;
      }
    }
    if (best == null) {
      throw Errors.input(
          "Trino "
              + VERSION
              + " needs Java "
              + MIN_JAVA
              + " or later and none was found; looked at CLIENTELE_TRINO_JAVA_HOME, JAVA_HOME,"
              + " this JVM and the folders "
              + folders
              + "; install one (e.g. a Temurin 25 JDK) and set CLIENTELE_TRINO_JAVA_HOME to it");
    }
    return best;
  }

  /** The major version from a JDK's {@code release} file (JAVA_VERSION="25.0.3"). */
  static Optional<Integer> majorVersion(Path home) {
    Path release = home.resolve("release");
    if (!Files.isRegularFile(release)) {
      return Optional.empty();
    }
    try {
      for (String line : Files.readAllLines(release)) {
        if (line.startsWith("JAVA_VERSION=")) {
          String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
          String major = v.startsWith("1.") ? v.substring(2) : v;
          return Optional.of(Integer.parseInt(major.split("[.+-]")[0]));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static List<Path> children(Path folder) {
    List<Path> out = new ArrayList<>();
    if (Files.isDirectory(folder)) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder)) {
        ds.forEach(out::add);
      } catch (IOException e) {
        // An unreadable folder holds no usable Java.
      }
    }
    out.sort(null);
    return out;
  }

  private static int run(List<String> cmd, int minutes) throws IOException {
    Process p =
        new ProcessBuilder(cmd).inheritIO().redirectInput(ProcessBuilder.Redirect.PIPE).start();
    try {
      if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        return -1;
      }
      return p.exitValue();
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  static void deleteQuietly(Path dir) {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder())
          .forEach(
              f -> {
                try {
                  Files.deleteIfExists(f);
                } catch (IOException e) {
                  // Best effort: a leftover temporary folder is harmless.
                }
              });
    } catch (IOException e) {
      // Best effort.
    }
  }
}
