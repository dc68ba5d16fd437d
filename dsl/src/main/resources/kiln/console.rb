# The REPL's Ruby side (kiln repl). One recipe object receives the recipe file and then every entry
# typed at the prompt, through a binding so that local variables survive from one entry to the next.
# Like the recipe language it only records: REPL commands called as Ruby methods are handed to the
# Java object the console was made with.
module Kiln
  # The prompt's view of a package: its recorded data, which Java reads into the model.
  class PackageRef
    def data
      @data
    end
  end

  # REPL commands as Ruby methods: `build "hello"` does what `:build hello` does.
  module ConsoleCommands
    NAMES = %i[build plan show why deps rdeps shell log debug reload help quit].freeze

    NAMES.each do |command|
      define_method(command) do |*args|
        @kiln_console.run_command(command.to_s, args.flatten.map(&:to_s))
      end
    end
  end

  class Console
    PROMPT_FILE = '(kiln)'.freeze

    # The Java object (a dev.kiln.dsl.ReplCommands) that runs REPL commands called as methods.
    attr_writer :commands

    def initialize
      adopt(fresh(PROMPT_FILE))
    end

    # The Java object (a dev.kiln.dsl.ContainerRunner) that runs container("x").run(...) at once.
    def paths=(paths)
      @paths = paths
      @recipe.paths = paths
    end

    def runner=(runner)
      @runner = runner
      @recipe.runner = runner
    end

    def run_command(name, args)
      raise RecipeError.new("`#{name}` works only at the REPL's prompt") unless @commands
      @commands.run(name, args)
      nil
    end

    # Evaluates a recipe file into a new recipe, kept aside until #adopt; returns its data or an error.
    def try_load(path)
      full = File.expand_path(path)
      @candidate = fresh(full)
      @candidate.instance_eval(File.read(full), full, 1)
      @candidate.result
    rescue ScriptError, StandardError => e
      { 'error' => Kiln.describe(e, full) }
    end

    # Makes the recipe of the last #try_load (or the given one) the one the prompt works in. From
    # now on a package (or container...) typed at the prompt replaces one of the same name.
    def adopt(recipe = @candidate)
      recipe.redefining = true
      @recipe = recipe
      @binding = recipe.instance_eval { binding }
      @candidate = nil
    end

    # Evaluates one entry typed at the prompt; returns a description of its value for Java to print.
    # 'changed' says whether it recorded anything (a package, a mirror, a build request).
    def eval(code, line)
      @mark = snapshot
      summarise(@binding.eval(code, PROMPT_FILE, line)).merge('changed' => changed?)
    rescue SystemExit
      { 'kind' => 'quit' }
    rescue ScriptError, StandardError => e
      { 'kind' => 'error', 'error' => Kiln.describe(e, PROMPT_FILE) }
    end

    # Forgets what the last entry recorded (when Java found it invalid), and brings back what a
    # redefinition in it replaced.
    def undo
      result.each { |key, list| list.replace(@mark[key]) }
    end

    def result
      @recipe.result
    end

    # Every method a recipe or the prompt can call, for completion.
    def dsl_methods
      (%i[package pkg mirror load] + ConsoleCommands::NAMES + PackageSpec.public_instance_methods(false) +
        StepRecorder.public_instance_methods(false)).map(&:to_s).uniq.sort - %w[data record]
    end

    # What a package looked up at the prompt answers to, for completion after `pkg("x").`.
    def package_methods
      (PackageRef.public_instance_methods(false) - %i[data]).map(&:to_s).sort
    end

    private

    # The recipe's lists as they are: copies of the arrays, holding the same entries.
    def snapshot
      result.transform_values(&:dup)
    end

    def changed?
      result.any? do |key, list|
        before = @mark[key]
        list.size != before.size || list.each_with_index.any? { |entry, i| !entry.equal?(before[i]) }
      end
    end

    def fresh(file)
      recipe = Recipe.new(file)
      recipe.instance_variable_set(:@kiln_console, self)
      recipe.runner = @runner if @runner
      recipe.paths = @paths if @paths
      recipe.extend(ConsoleCommands)
    end

    def summarise(value)
      if value.nil?
        { 'kind' => 'nothing' }
      elsif value.is_a?(PackageRef)
        { 'kind' => 'packages', 'packages' => [value.data] }
      elsif value.is_a?(Array) && !value.empty? && value.all?(PackageRef)
        { 'kind' => 'packages', 'packages' => value.map(&:data) }
      else
        { 'kind' => 'text', 'text' => value.inspect }
      end
    end
  end
end
