package dev.kiln.dsl;

import dev.kiln.model.Package;
import dev.kiln.model.Recipe;
import dev.kiln.model.RecipeException;
import dev.kiln.model.SourceLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jruby.embed.ParseFailedException;
import org.jruby.embed.ScriptingContainer;

/**
 * A recipe that stays open for the REPL: a recipe file is evaluated into one Ruby recipe object,
 * and each entry typed at the prompt is evaluated in that same object, so {@code pkg("hello").deps}
 * works and a {@code package} defined at the prompt joins the recipe. Used from one thread.
 */
public final class RecipeSession {
  /** The file name errors and packages typed at the prompt carry. */
  public static final String PROMPT = "(kiln)";
  private static final Path PROMPT_PATH = Path.of(PROMPT);

  private final ScriptingContainer ruby;
  private final Object console;
  private Path file;
  private Recipe recipe;
  private int requestsSeen;

  private RecipeSession(ScriptingContainer ruby, Object console) {
    this.ruby = ruby;
    this.console = console;
    this.recipe = Recipe.of(PROMPT_PATH, List.of());
  }

  /** A session with an empty recipe, in the evaluator's Ruby runtime (which it takes over). */
  public static RecipeSession start(RecipeEvaluator evaluator) {
    ScriptingContainer ruby = evaluator.container();
    ruby.runScriptlet("require 'kiln/console'");
    return new RecipeSession(ruby, ruby.callMethod(ruby.runScriptlet("Kiln::Console"), "new"));
  }

  /** Where REPL commands called as Ruby methods ({@code build "hello"}) go from now on. */
  public void routeCommandsTo(ReplCommands commands) {
    ruby.callMethod(console, "commands=", commands);
  }

  /** Where {@code container("x").run(...)} typed at the prompt goes: it runs at once and returns its result. */
  public void routeRunsTo(ContainerRunner runner) {
    ruby.callMethod(console, "runner=", runner);
  }

  /** Where {@code pkg("x").path} typed at the prompt is answered: the package is planned and its path given. */
  public void routePathsTo(StorePaths paths) {
    ruby.callMethod(console, "paths=", new RubyPaths(paths));
  }

  /** What Ruby calls: the recorded package data, read as the recipe reader reads a prompt's package. */
  public static final class RubyPaths {
    private final StorePaths paths;

    RubyPaths(StorePaths paths) {
      this.paths = paths;
    }

    public String pathOf(org.jruby.runtime.builtin.IRubyObject data) throws Exception {
      return paths.pathOf(RecipeReader.readPackage(PROMPT_PATH, RecipeEvaluator.asMap(PlainData.ofRuby(data))));
    }
  }

  /** The recipe file last loaded (also when it failed to evaluate), if any. */
  public java.util.Optional<Path> file() {
    return java.util.Optional.ofNullable(file);
  }

  /** The recipe as it stands: the file's packages and those defined at the prompt since. */
  public Recipe recipe() {
    return recipe;
  }

  /**
   * Evaluates a recipe file afresh and works in it from now on. When it fails, the session keeps
   * the recipe it had, and remembers the file so that a reload can try again.
   */
  public Recipe load(Path path) throws RecipeException {
    Path abs = path.toAbsolutePath().normalize();
    file = abs;
    if (!Files.isRegularFile(abs)) {
      throw new RecipeException(new SourceLocation(path.toString(), 0), "no such recipe file", null);
    }
    Recipe loaded = RecipeReader.read(abs, RecipeEvaluator.data(ruby, console, "try_load", abs.toString()));
    ruby.callMethod(console, "adopt");
    recipe = loaded;
    requestsSeen = loaded.requests().size();
    return loaded;
  }

  /** Evaluates one entry typed at the prompt. */
  public Outcome eval(String code) {
    Map<String, Object> result = RecipeEvaluator.data(ruby, console, "eval", code, 1);
    String kind = String.valueOf(result.get("kind"));
    try {
      if (kind.equals("error")) {
        return new Outcome.Failure(RecipeReader.readError(PROMPT_PATH, RecipeEvaluator.asMap(result.get("error"))));
      }
      if (Boolean.TRUE.equals(result.get("changed"))) {
        refreshed();
      }
      return switch (kind) {
        case "nothing" -> new Outcome.Nothing();
        case "quit" -> new Outcome.Quit();
        case "packages" -> new Outcome.Packages(packages(result.get("packages")));
        default -> new Outcome.Text(String.valueOf(result.get("text")));
      };
    } catch (RecipeException e) {
      ruby.callMethod(console, "undo");
      return new Outcome.Failure(e);
    }
  }

  /** Packages asked for with {@code .build} since the last call: the REPL builds them at once. */
  public List<Package> takeRequests() {
    List<Package> all = recipe.requests();
    List<Package> fresh = List.copyOf(all.subList(Math.min(requestsSeen, all.size()), all.size()));
    requestsSeen = all.size();
    return fresh;
  }

  /**
   * True when {@code code} is an unfinished Ruby expression (an open block, bracket, string or
   * heredoc), so the prompt should read another line. JRuby's parser decides: the code fails to
   * parse only because the input ended.
   */
  public boolean isIncomplete(String code) {
    try {
      ruby.parse(code + "\n", 1);
      return false;
    } catch (ParseFailedException e) {
      String message = String.valueOf(e.getMessage());
      return message.contains("unexpected end-of-file") || message.contains("unexpected end-of-input")
          || message.contains("meets end of file") || message.contains("anywhere before EOF");
    }
  }

  /** The methods a recipe or the prompt can call, for completion. */
  public List<String> dslMethods() {
    return strings(ruby.callMethod(console, "dsl_methods"));
  }

  /** The methods of a package looked up at the prompt, for completion after {@code pkg("x").}. */
  public List<String> packageMethods() {
    return strings(ruby.callMethod(console, "package_methods"));
  }

  /**
   * Reads the recipe again from what Ruby recorded; for commands called from Ruby in the middle of
   * an entry that may have defined the very package they name.
   */
  public Recipe refreshed() throws RecipeException {
    recipe = RecipeReader.read(file != null ? file : PROMPT_PATH, RecipeEvaluator.data(ruby, console, "result"));
    return recipe;
  }

  private List<Package> packages(Object data) throws RecipeException {
    List<Package> packages = new ArrayList<>();
    for (Object pkg : (List<?>) data) {
      packages.add(RecipeReader.readPackage(PROMPT_PATH, RecipeEvaluator.asMap(pkg)));
    }
    return packages;
  }

  private static List<String> strings(Object list) {
    return ((List<?>) list).stream().map(String::valueOf).toList();
  }
}
