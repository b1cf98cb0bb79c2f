package dev.clientele.bench;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Entry point of scripts/generate-data.sh: synthetic online and offline sources plus truth. */
@Command(
    name = "generate-data",
    mixinStandardHelpOptions = true,
    description = "Writes synthetic clientele sources, truth/ and clientele.conf under --out.")
public final class GenerateData implements Callable<Integer> {
  @Option(names = "--customers", required = true, description = "number of persons")
  long customers;

  @Option(names = "--out", required = true, description = "output folder")
  Path out;

  @Option(names = "--seed", defaultValue = "42")
  long seed;

  @Option(names = "--overlap", defaultValue = "0.3", description = "share known online and offline")
  double overlap;

  @Option(names = "--bad-share", defaultValue = "0.002", description = "share of spoiled rows")
  double badShare;

  @Option(
      names = "--crm-share",
      defaultValue = "0",
      description =
          "messy CRM mode: this share of persons also gets 1-3 hand-typed CRM contact records"
              + " (nicknames, swapped or missing names, typed birth dates, missing fields)")
  double crmShare;

  public static void main(String[] args) {
    System.exit(new CommandLine(new GenerateData()).execute(args));
  }

  @Override
  public Integer call() {
    SparkSession spark = BenchSessions.local(out.resolve("_gen_tmp"));
    try {
      long started = System.nanoTime();
      DataGenerator.generate(
          spark,
          GenParams.defaults(customers, seed, overlap, badShare).withCrmShare(crmShare),
          out);
      System.out.printf(
          "generated %d customers into %s in %.1f s%n",
          customers, out, (System.nanoTime() - started) / 1e9);
      return 0;
    } finally {
      spark.stop();
    }
  }
}
