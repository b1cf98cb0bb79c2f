package dev.clientele.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/submit.sh hands every spark-submit option to spark-submit, and the Airflow example
 * compiles and calls submit.sh the way the README documents. A stand-in spark-submit prints the
 * arguments it receives, one per line.
 */
class SchedulingScriptsTest {
  static final Path ROOT =
      Path.of(System.getProperty("clientele.project.dir", "..")).toAbsolutePath().normalize();

  @TempDir Path tmp;

  @Test
  void submitPassesSparkSubmitOptionsOutsideTheOldListToSparkSubmit() throws Exception {
    Path conf = Files.writeString(tmp.resolve("production.conf"), "clientele {}\n");
    List<String> args =
        submit(
            "--master",
            "yarn",
            "--queue",
            "etl",
            "--name",
            "pipeline",
            "--verbose",
            "--config",
            conf.toString(),
            "pipeline",
            "--as-of",
            "2024-12-31");
    int jar = args.indexOf(tmp.resolve("job.jar").toString());
    assertTrue(jar > 0, "the jar is passed: " + args);
    List<String> spark = args.subList(0, jar);
    List<String> job = args.subList(jar + 1, args.size());
    assertTrue(contains(spark, "--queue", "etl"), "--queue reaches spark-submit: " + spark);
    assertTrue(
        contains(spark, "--name", "pipeline"), "an option's value is not a subcommand: " + spark);
    assertTrue(spark.contains("--verbose"), "a flag without value: " + spark);
    assertTrue(contains(spark, "--files", conf.toString()), "the config file ships: " + spark);
    assertEquals(
        List.of(
            "pipeline",
            "--profile",
            "cluster",
            "--as-of",
            "2024-12-31",
            "--config",
            conf.toString()),
        job,
        "the job's arguments");
  }

  @Test
  void optionsAfterADoubleDashGoToTheJob() throws Exception {
    List<String> args = submit("--master", "yarn", "--keytab", "/k", "--", "--as-of", "2024-12-31");
    int jar = args.indexOf(tmp.resolve("job.jar").toString());
    assertTrue(contains(args.subList(0, jar), "--keytab", "/k"), "--keytab to spark-submit");
    assertEquals(
        List.of("pipeline", "--profile", "cluster", "--as-of", "2024-12-31"),
        args.subList(jar + 1, args.size()));
  }

  @Test
  void theAirflowDagCompilesAndCallsSubmitAsTheReadmeDocuments() throws Exception {
    Path dag = ROOT.resolve("scripts/schedule/clientele_dag.py");
    assertEquals(
        0, run(List.of("python3", "-m", "py_compile", dag.toString()), null).code, "py_compile");
    // Airflow itself is not installed here: a stand-in records the operators the DAG builds.
    Path stub = tmp.resolve("stub/airflow");
    Files.createDirectories(stub.resolve("operators"));
    Files.writeString(
        stub.resolve("__init__.py"),
        "class DAG:\n"
            + "    def __init__(self, **kw): self.kw = kw\n"
            + "    def __enter__(self): return self\n"
            + "    def __exit__(self, *a): return False\n");
    Files.writeString(stub.resolve("models.py"), "class Variable: pass\n");
    Files.writeString(stub.resolve("operators/__init__.py"), "");
    Files.writeString(
        stub.resolve("operators/bash.py"),
        "TASKS = []\n"
            + "class BashOperator:\n"
            + "    def __init__(self, task_id, bash_command, **kw):\n"
            + "        self.task_id, self.cmd, self.down = task_id, bash_command, []\n"
            + "        TASKS.append(self)\n"
            + "    def __rshift__(self, other): self.down.append(other.task_id); return other\n");
    Path probe = tmp.resolve("probe.py");
    Files.writeString(
        probe,
        "import runpy, sys\n"
            + "ns = runpy.run_path(sys.argv[1])\n"
            + "from airflow.operators.bash import TASKS\n"
            + "print('catchup=' + str(ns['dag'].kw['catchup']))\n"
            + "for t in TASKS: print(t.task_id + '\\t' + ','.join(t.down) + '\\t' + t.cmd)\n");
    Result r = run(List.of("python3", probe.toString(), dag.toString()), tmp.resolve("stub"));
    assertEquals(0, r.code, r.out);
    List<String> lines = r.out.lines().toList();
    String doc = Files.readString(dag);
    assertTrue(
        lines.contains("catchup=False") && doc.contains("No catch-up (catchup=False)"),
        "the docstring says what catchup does: " + lines);
    String pipeline =
        lines.stream().filter(l -> l.startsWith("pipeline\t")).findFirst().orElseThrow();
    assertTrue(pipeline.startsWith("pipeline\tregister\t"), "register runs after the pipeline");
    String erase =
        lines.stream().filter(l -> l.startsWith("erase_requests\t")).findFirst().orElseThrow();
    assertTrue(erase.startsWith("erase_requests\tpipeline\t"), "erasures run before the pipeline");
    assertTrue(
        erase.contains(" erase --requests \"$p\" --purge --as-of {{ ds }}"),
        "erase takes the requests file and purges: " + erase);
    String cmd = pipeline.substring(pipeline.lastIndexOf('\t') + 1);
    // The README's form: submit.sh --master ... --config FILE pipeline --as-of <day>.
    String rendered =
        cmd.replace("{{ var.value.clientele_home }}", ROOT.toString())
            .replace("{{ var.value.clientele_master }}", "yarn")
            .replace("{{ ds }}", "2024-12-31")
            .replace("{{ dag_run.run_type }}", "scheduled")
            .replace("{{ ts_nodash }}", "20241231T030000");
    assertFalse(rendered.contains("{{"), "every template of the command is rendered: " + rendered);
    assertTrue(rendered.startsWith(ROOT + "/scripts/submit.sh --master yarn"), rendered);
    Path conf = ROOT.resolve("conf/production.conf");
    List<String> words = new ArrayList<>(List.of(rendered.split(" ")));
    words.remove(0);
    // production.conf is the operator's file: give the script one to ship.
    int c = words.indexOf("--config");
    Path shipped = Files.writeString(tmp.resolve("production.conf"), "clientele {}\n");
    words.set(c + 1, shipped.toString());
    List<String> args = submit(words.toArray(String[]::new));
    int jar = args.indexOf(tmp.resolve("job.jar").toString());
    assertEquals(
        List.of(
            "pipeline",
            "--profile",
            "cluster",
            "--as-of",
            "2024-12-31",
            "--run-id",
            "scheduled__20241231T030000",
            "--config",
            shipped.toString()),
        args.subList(jar + 1, args.size()),
        "what the job receives from the DAG's command (README: " + conf.getFileName() + ")");
    String runId = args.get(args.indexOf("--run-id") + 1);
    assertTrue(
        runId.matches("[A-Za-z0-9][A-Za-z0-9._-]*"),
        "the DAG's run id is one the job accepts (issue 18, point 7): " + runId);
  }

  private List<String> submit(String... args) throws Exception {
    Path home = tmp.resolve("spark-home");
    Files.createDirectories(home.resolve("bin"));
    Path fake = home.resolve("bin/spark-submit");
    Files.writeString(fake, "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\"\n");
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path jar = tmp.resolve("job.jar");
    if (!Files.exists(jar)) {
      Files.writeString(jar, "");
    }
    List<String> cmd =
        new ArrayList<>(List.of("bash", ROOT.resolve("scripts/submit.sh").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("SPARK_HOME", home.toString());
    pb.environment().put("CLIENTELE_SUBMIT_JAR", jar.toString());
    pb.environment().remove("CLIENTELE_PROFILE");
    Result r = run(pb);
    assertEquals(0, r.code, r.out);
    return r.out.lines().toList();
  }

  private static boolean contains(List<String> args, String option, String value) {
    for (int i = 0; i + 1 < args.size(); i++) {
      if (args.get(i).equals(option) && args.get(i + 1).equals(value)) {
        return true;
      }
    }
    return false;
  }

  private record Result(int code, String out) {}

  private static Result run(List<String> cmd, Path pythonPath) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    if (pythonPath != null) {
      pb.environment().put("PYTHONPATH", pythonPath.toString());
    }
    pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    // py_compile writes its .pyc under this prefix, not into scripts/schedule/__pycache__.
    pb.environment()
        .put("PYTHONPYCACHEPREFIX", System.getProperty("java.io.tmpdir") + "/clientele-pyc");
    return run(pb);
  }

  private static Result run(ProcessBuilder pb) throws IOException, InterruptedException {
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Result(-1, out);
    }
    return new Result(p.exitValue(), out);
  }
}
