package dev.kiln.cli.repl;

import dev.kiln.dsl.Outcome;
import dev.kiln.dsl.RecipeEvaluator;
import dev.kiln.dsl.RecipeSession;
import dev.kiln.model.Package;
import dev.kiln.model.RecipeException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code kiln repl}: reads entries (a {@code :command}, or Ruby evaluated in the recipe), prints
 * what they come to, and goes on after every failure until {@code :quit} or the end of input.
 */
public final class Repl {
  private final RecipeSession session;
  private final Commands commands;
  private final PackageViews views;
  private final Printer print;
  private final Input input;

  private Repl(RecipeSession session, Commands commands, PackageViews views, Printer print, Input input) {
    this.session = session;
    this.commands = commands;
    this.views = views;
    this.print = print;
    this.input = input;
  }

  /** Runs the REPL on the terminal, or on standard input when that is a pipe; returns the exit status. */
  public static int run(RecipeEvaluator ruby, Workshop workshop, Path file) throws IOException {
    RecipeSession session = RecipeSession.start(ruby);
    Printer print = new Printer(System.out, System.err);
    Commands commands = new Commands(session, workshop, print);
    List<String> dslMethods = session.dslMethods();
    List<String> packageMethods = session.packageMethods();
    Completion completion = new Completion(() -> session.recipe().packageNames(), () -> dslMethods, () -> packageMethods,
        commands.table());
    Optional<TerminalInput> terminal = TerminalInput.open(StatePaths.history(), session::isIncomplete, completion);
    try (Input input = terminal.isPresent() ? terminal.get()
        : new PlainInput(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), session::isIncomplete)) {
      Repl repl = new Repl(session, commands, new PackageViews(session::recipe, workshop, print), print, input);
      session.routeCommandsTo((name, args) -> commands.run(name, args, input));
      session.routeRunsTo((container, command) -> commands.runIn(container, command, input));
      session.routePathsTo(pkg -> workshop.store().entry(
          workshop.planPackages(session.recipe(), java.util.List.of(pkg)).targets().get(0).storeName()).toString());
      if (terminal.isPresent()) {
        print.line("kiln repl: :help lists the commands, Tab completes, Ctrl-D leaves");
      }
      if (file != null) {
        repl.load(file);
      }
      repl.loop();
    }
    return 0;
  }

  private void load(Path file) {
    try {
      commands.load(file);
    } catch (RecipeException e) {
      print.error(e);
      print.line("(the session starts without it; fix the recipe and :reload)");
    }
  }

  private void loop() throws IOException {
    while (!commands.quitting()) {
      Optional<String> entry = input.read(prompt());
      if (entry.isEmpty()) {
        return;
      }
      String text = entry.get();
      if (text.isBlank()) {
        continue;
      }
      if (text.stripLeading().startsWith(":")) {
        commands.runTyped(text, input);
      } else {
        evaluate(text);
      }
      print.out().flush();
    }
  }

  private void evaluate(String code) throws IOException {
    Outcome outcome = session.eval(code);
    if (outcome instanceof Outcome.Quit) {
      commands.run("quit", List.of(), input);
    } else if (outcome instanceof Outcome.Text text) {
      print.value(text.text());
    } else if (outcome instanceof Outcome.Packages packages) {
      views.values(packages.packages());
    } else if (outcome instanceof Outcome.Failure failure) {
      print.error(failure.error());
    }
    List<Package> requested = session.takeRequests();
    if (!requested.isEmpty()) {
      commands.buildRequested(requested, input);
    }
  }

  /** {@code kiln recipe.rb [default]> }: the recipe worked in and the stage (one, until stages arrive). */
  private String prompt() {
    String recipe = session.file().map(f -> f.getFileName() + " ").orElse("");
    return "kiln " + recipe + "[default]> ";
  }
}
