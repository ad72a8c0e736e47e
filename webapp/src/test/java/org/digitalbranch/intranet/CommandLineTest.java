package org.digitalbranch.intranet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CommandLineTest {

  @Test
  void noArgumentsServe() throws Exception {
    CommandLine line = CommandLine.parse(new String[0]);

    assertThat(line.command()).isEqualTo(CommandLine.Command.SERVE);
    assertThat(line.task()).isEmpty();
  }

  @Test
  void aWordFirstNamesAMaintenanceTaskWithItsDataFolderAndSettings() throws Exception {
    CommandLine line =
        CommandLine.parse(
            new String[] {"rebuild-index", "--data", "/srv/data", "--config=intranet.json"});

    assertThat(line.command()).isEqualTo(CommandLine.Command.MAINTENANCE);
    assertThat(line.task()).contains("rebuild-index");
    assertThat(line.dataDir()).contains(Path.of("/srv/data"));
    assertThat(line.configFile()).contains(Path.of("intranet.json"));
  }

  @Test
  void aTaskTakesNeitherAPortNorAnAddress() {
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"rebuild-index", "--port", "80"}))
        .isInstanceOf(CommandLine.UsageException.class)
        .hasMessage(
            "rebuild-index takes only --data DIR and --config FILE (--port is for serving)");
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"check-index", "--bind", "::1"}))
        .hasMessage("check-index takes only --data DIR and --config FILE (--bind is for serving)");
  }

  @Test
  void aTaskNameMustComeFirstAndLookLikeOne() {
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"--data", "d", "rebuild-index"}))
        .hasMessageStartingWith("unknown argument \"rebuild-index\";");
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"Rebuild_Index"}))
        .hasMessage(
            "unknown argument \"Rebuild_Index\"; expected --port N, --data DIR, --config FILE,"
                + " --bind ADDR, hash-password or a maintenance task");
  }

  @Test
  void helpAfterATaskAsksForHelp() throws Exception {
    assertThat(CommandLine.parse(new String[] {"rebuild-index", "--help"}).command())
        .isEqualTo(CommandLine.Command.HELP);
  }

  @Test
  void hashPasswordStaysACommandOfItsOwn() throws Exception {
    assertThat(CommandLine.parse(new String[] {"hash-password"}).command())
        .isEqualTo(CommandLine.Command.HASH_PASSWORD);
    assertThat(CommandLine.parse(new String[] {"hash-password"}).task()).isEmpty();
  }

  @Test
  void progressReadsAsACountWithItsShare() {
    assertThat(ConsoleProgress.line(12_000, 40_000, "conversations indexed"))
        .isEqualTo("12,000 of 40,000 conversations indexed (30%)");
    assertThat(ConsoleProgress.line(0, 0, "conversations indexed"))
        .isEqualTo("0 of 0 conversations indexed (100%)");
    assertThat(ConsoleProgress.line(7, -1, "conversations indexed"))
        .isEqualTo("7 conversations indexed");
  }
}
