package dev.kiln.dsl;

import dev.kiln.model.Recipe;
import dev.kiln.model.RecipeException;
import dev.kiln.model.SourceLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jruby.RubyInstanceConfig;
import org.jruby.embed.EvalFailedException;
import org.jruby.embed.LocalContextScope;
import org.jruby.embed.LocalVariableBehavior;
import org.jruby.embed.ScriptingContainer;
import org.jruby.runtime.builtin.IRubyObject;

/**
 * The one facade over JRuby: evaluates recipe files into the runtime model. One Ruby runtime per
 * evaluator, used from one thread. Start-up is tuned for short evaluations: no RubyGems, no JIT.
 */
public final class RecipeEvaluator {
  private final ScriptingContainer ruby;

  private RecipeEvaluator(ScriptingContainer ruby) {
    this.ruby = ruby;
  }

  /**
   * A new evaluator with the DSL loaded, plus the named Ruby libraries (e.g. {@code kiln/stdlib})
   * from the class path.
   */
  public static RecipeEvaluator create(List<String> libraries) {
    // invokedynamic and the JIT cost more start-up than a recipe evaluation ever wins back.
    System.setProperty("jruby.compile.invokedynamic", "false");
    ScriptingContainer ruby = new ScriptingContainer(LocalContextScope.SINGLETHREAD, LocalVariableBehavior.TRANSIENT);
    ruby.setCompileMode(RubyInstanceConfig.CompileMode.OFF);
    // RubyGems is the largest single start-up cost (~0.6 s) and most recipes need no gem: dsl.rb
    // loads it on the first require only a gem can satisfy (Kiln::LazyGems).
    RubyInstanceConfig config = ruby.getProvider().getRubyInstanceConfig();
    config.setDisableGems(true);
    // Recipes only read files and record data: the pure-Java POSIX layer is enough, and not
    // loading the native one saves ~0.2 s of start-up (bench/noop-run).
    config.setNativeEnabled(false);
    ruby.setLoadPaths(List.of("uri:classloader:/"));
    StringBuilder boot = new StringBuilder("require 'kiln/dsl'\n");
    libraries.forEach(lib -> boot.append("require '").append(lib).append("'\n"));
    ruby.runScriptlet(boot.toString());
    CallerLocation.install(ruby.getProvider().getRuntime());
    return new RecipeEvaluator(ruby);
  }

  /** The Ruby runtime, for a {@link RecipeSession} that keeps evaluating in it. */
  ScriptingContainer container() {
    return ruby;
  }

  /** Evaluates a recipe file. */
  public Recipe evaluate(Path file) throws RecipeException {
    return evaluate(file, EvaluationCache.disabled());
  }

  /** Evaluates a recipe file and keeps the result in {@code cache} when it can be checked later. */
  public Recipe evaluate(Path file, EvaluationCache cache) throws RecipeException {
    Path abs = file.toAbsolutePath().normalize();
    if (!Files.isRegularFile(abs)) {
      throw new RecipeException(new SourceLocation(file.toString(), 0), "no such recipe file",
          "give the path of a recipe, e.g. kiln run examples/hello/recipe.rb");
    }
    long started = System.currentTimeMillis();
    Map<String, Object> result;
    try {
      result = data(ruby, ruby.runScriptlet("Kiln"), "evaluate", abs.toString());
    } catch (EvalFailedException e) {
      throw new RecipeException(new SourceLocation(abs.toString(), 0), "evaluation failed: " + e.getMessage(), null);
    }
    List<RecordedInput> inputs = inputs(result.remove("inputs"));
    Recipe recipe = RecipeReader.read(abs, result);
    cache.remember(abs, result, inputs, started);
    return recipe;
  }

  private static List<RecordedInput> inputs(Object recorded) {
    List<RecordedInput> inputs = new ArrayList<>();
    if (recorded instanceof List<?> list) {
      for (Object item : list) {
        List<?> pair = (List<?>) item;
        inputs.add(new RecordedInput(RecordedInput.Kind.named(pair.get(0).toString()), pair.get(1).toString()));
      }
    }
    return inputs;
  }

  /** Calls a Ruby method that returns a hash of plain data, and takes that as plain Java data. */
  static Map<String, Object> data(ScriptingContainer ruby, Object receiver, String method, Object... args) {
    return asMap(PlainData.ofRuby(ruby.callMethod(receiver, method, args, IRubyObject.class)));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> asMap(Object value) {
    return (Map<String, Object>) value;
  }
}
