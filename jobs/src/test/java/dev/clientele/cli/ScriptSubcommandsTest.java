package dev.clientele.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clientele.testkit.SparkTest;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The launch scripts pass a first argument through as a subcommand only when it is in their list
 * (anything else is taken as pipeline options): each list must name every subcommand of the jar.
 */
class ScriptSubcommandsTest {
  private static final Pattern LIST = Pattern.compile("subcommands=\"([^\"]*)\"");

  @Test
  void runLocalAndSubmitKnowEverySubcommand() throws IOException {
    Set<String> jar = new TreeSet<>(new CommandLine(new ClienteleMain()).getSubcommands().keySet());
    jar.remove("help");
    for (String script : new String[] {"scripts/run-local.sh", "scripts/submit.sh"}) {
      Matcher m = LIST.matcher(Files.readString(SparkTest.projectDir().resolve(script)));
      m.find();
      Set<String> listed = new TreeSet<>(Set.of(m.group(1).trim().split("\\s+")));
      listed.remove("help");
      assertEquals(jar, listed, script + " lists the jar's subcommands");
    }
  }
}
