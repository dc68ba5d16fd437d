package dev.kiln.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code kiln} command. Exit codes: 0 ok, 1 a build failed, 2 usage or recipe error, 128 + the
 * signal's number when stopped by one (130 for SIGINT, 143 for SIGTERM).
 */
@Command(name = "kiln", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Builds Linux distributions from recipes: content-addressed, in bubblewrap containers.")
public final class Main {
  /**
   * The subcommands, in the order help lists them. picocli reads a command's annotations when it is added, and
   * reading all of them took a good part of a no-op run's start, so a command line gets only the one it names.
   */
  private static final Map<String, Supplier<Object>> COMMANDS = new LinkedHashMap<>();

  static {
    COMMANDS.put("run", RunCommand::new);
    COMMANDS.put("build", BuildCommand::new);
    COMMANDS.put("plan", PlanCommand::new);
    COMMANDS.put("show", ShowCommand::new);
    COMMANDS.put("shell", ShellCommand::new);
    COMMANDS.put("log", LogCommand::new);
    COMMANDS.put("debug", DebugCommand::new);
    COMMANDS.put("lock", LockCommand::new);
    COMMANDS.put("repl", ReplCommand::new);
    COMMANDS.put("help", CommandLine.HelpCommand::new);
    COMMANDS.put("repo", RepoCommand::new);
    COMMANDS.put("serve", ServeCommand::new);
    COMMANDS.put("vercmp", VercmpCommand::new);
    COMMANDS.put("install", InstallCommand::new);
    COMMANDS.put("profile", ProfileCommand::new);
    COMMANDS.put("gc", GcCommand::new);
    COMMANDS.put("pin", PinCommand::new);
    COMMANDS.put("verify", VerifyCommand::new);
    COMMANDS.put("image", ImageCommand::new);
  }

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
    String first = args.length > 0 ? args[0] : "";
    if (COMMANDS.containsKey(first) && !first.equals("help")) {
      cli.addSubcommand(first, COMMANDS.get(first).get());
    } else if (!first.equals("--version") && !first.equals("-V")) {
      // help, --help, nothing or a mistake: all of them, to list or to suggest from
      COMMANDS.forEach((name, command) -> cli.addSubcommand(name, command.get()));
    }
    cli.setExitCodeExceptionMapper(e -> USAGE);
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      // A bug in kiln: said in words; where it happened only when asked (for a bug report).
      System.err.println("kiln: internal error: " + dev.kiln.store.Problems.describe(e)
          + (System.getenv("KILN_TRACE") == null ? " (KILN_TRACE=1 shows where; please report it)" : ""));
      if (System.getenv("KILN_TRACE") != null) {
        e.printStackTrace();
      }
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
