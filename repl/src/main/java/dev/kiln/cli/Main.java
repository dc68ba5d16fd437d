package dev.kiln.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code kiln} command. Exit codes: 0 ok, 1 a build failed, 2 usage or recipe error. */
@Command(name = "kiln", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Builds Linux distributions from recipes: content-addressed, in bubblewrap containers.",
    subcommands = {RunCommand.class, BuildCommand.class, PlanCommand.class, ShowCommand.class, ShellCommand.class,
        LogCommand.class, DebugCommand.class, ReplCommand.class, CommandLine.HelpCommand.class, RepoCommand.class,
        ServeCommand.class, VercmpCommand.class, InstallCommand.class, ProfileCommand.class, GcCommand.class,
        PinCommand.class, ImageCommand.class})
public final class Main {
  public static final int OK = 0;
  public static final int BUILD_FAILED = 1;
  public static final int USAGE = 2;
  /** 128 + SIGINT, as shells report a command stopped by Ctrl-C. */
  public static final int INTERRUPTED = 130;

  public static void main(String[] args) {
    EarlyRuby.startFor(args);
    System.exit(run(args));
  }

  static int run(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExitCodeExceptionMapper(e -> USAGE);
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      System.err.println("kiln: internal error: " + e);
      e.printStackTrace();
      return BUILD_FAILED;
    });
    int code = cli.execute(args);
    return code == CommandLine.ExitCode.USAGE ? USAGE : code;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"kiln " + (v == null ? "0.1.0-dev" : v) + " (Java " + Runtime.version() + ")"};
    }
  }
}
