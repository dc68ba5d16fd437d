# The recipe language. Everything here only records data: evaluating a recipe builds plain
# hashes and arrays that Java reads back into the runtime model. Nothing is fetched or built here.
module Kiln
  # An error in a recipe, raised with the recipe line it belongs to.
  class RecipeError < StandardError
    attr_reader :hint, :location

    def initialize(message, hint: nil, location: nil)
      super(message)
      @hint = hint
      @location = location
    end
  end

  # What an evaluation looked at besides Ruby code: files read, directories listed, environment
  # variables, commands run. kiln keeps the evaluated data and reuses it while all of these are as
  # they were (the idea of Nix's evaluation cache). Recording happens only inside Kiln.evaluate;
  # what kiln could not check again later (a multi-level glob, a command's output, the whole
  # environment) is recorded as 'opaque', which makes the evaluation uncacheable.
  module Inputs
    @log = nil

    def self.start
      @features = $LOADED_FEATURES.size
      @log = []
    end

    # [[kind, key], ...]: kinds are file, stat, dir, env and opaque.
    def self.finish
      log = @log
      @log = nil
      return [] unless log
      $LOADED_FEATURES.drop(@features).each { |f| log << ['file', f] if f.start_with?('/') }
      log.uniq
    end

    def self.note(kind, key)
      @log << [kind, key.to_s] if @log
    end

    # A command is about to run; its output cannot be checked again. JRuby launches it in pure Java
    # (kiln leaves the native layer off), which needs the JRuby module's `runtime` from 'jruby':
    # loaded here, when the first command runs, not at every start.
    def self.command(what)
      require 'jruby'
      note('opaque', what)
    end

    def self.path(kind, name)
      return command("command #{name}") if kind == 'file' && name.is_a?(String) && name.start_with?('|')
      return unless @log
      name = name.to_path if name.respond_to?(:to_path)
      return note('opaque', "#{kind} of #{name.inspect}") unless name.is_a?(String)
      note(kind, File.expand_path(name)) unless name.start_with?('uri:classloader:')
    end

    # One-level patterns ("patches/*.patch") depend only on their directory's listing.
    def self.glob(patterns, base)
      return unless @log
      Array(patterns).each do |pattern|
        dir = File.dirname(pattern.to_s)
        if dir.match?(/[*?\[{]/) || File.basename(pattern.to_s).include?('**')
          note('opaque', "glob #{pattern}")
        else
          note('dir', File.expand_path(dir, base || Dir.pwd))
        end
      end
    end

    # Prepended to IO's singleton class, so File.read and friends are seen too.
    module Reads
      def read(name, *args, **opts, &block)
        Inputs.path('file', name)
        super
      end

      def binread(name, *args, **opts, &block)
        Inputs.path('file', name)
        super
      end

      def readlines(name, *args, **opts, &block)
        Inputs.path('file', name)
        super
      end

      def foreach(name, *args, **opts, &block)
        Inputs.path('file', name)
        super
      end

      def popen(*args, **opts, &block)
        Inputs.command('IO.popen')
        super
      end
    end

    module Files
      def open(name, *args, **opts, &block)
        mode = args.first.to_s
        Inputs.note('opaque', "File.open(#{name.inspect}, #{mode.inspect})") if mode.match?(/[wa+]/)
        Inputs.path('file', name)
        super
      end

      %i[exist? file? directory?].each do |query|
        define_method(query) do |name|
          Inputs.path('stat', name)
          super(name)
        end
      end
    end

    module Dirs
      def entries(name, *args, **opts)
        Inputs.path('dir', name)
        super
      end

      def children(name, *args, **opts)
        Inputs.path('dir', name)
        super
      end

      def each_child(name, *args, **opts, &block)
        Inputs.path('dir', name)
        super
      end

      def glob(pattern, *args, base: nil, **opts, &block)
        Inputs.glob(pattern, base)
        super
      end

      def [](*patterns, base: nil, **opts)
        Inputs.glob(patterns, base)
        super
      end
    end

    module Env
      %i[[] fetch key? has_key? include? member?].each do |query|
        define_method(query) do |name, *args, &block|
          Inputs.note('env', name)
          super(name, *args, &block)
        end
      end

      %i[to_h to_hash to_a each each_pair keys values select filter reject].each do |whole|
        define_method(whole) do |*args, &block|
          Inputs.note('opaque', "ENV.#{whole}")
          super(*args, &block)
        end
      end
    end

    module Commands
      %i[` system spawn exec].each do |run|
        define_method(run) do |*args, **opts, &block|
          Inputs.command("#{run} #{args.first}")
          super(*args, **opts, &block)
        end
      end

      def open(name, *args, **opts, &block)
        Inputs.path('file', name)
        super
      end

      private(*instance_methods(false))
    end

    IO.singleton_class.prepend(Reads)
    File.singleton_class.prepend(Files)
    Dir.singleton_class.prepend(Dirs)
    ENV.singleton_class.prepend(Env)
    Kernel.prepend(Commands)
  end

  # RubyGems takes ~0.6 s to load and most recipes need no gem, so kiln starts without it. The
  # first require that only a gem can satisfy, or a call of `gem`, loads it and is tried again.
  module LazyGems
    def self.load
      Kernel.require 'rubygems' unless defined?(::Gem::Specification)
    end

    # Activates the gem that holds `feature` (putting it on the load path); false when no
    # installed gem has it.
    def self.activate(feature)
      load
      Gem.try_activate(feature)
    end

    def require(name)
      super
    rescue LoadError
      raise unless LazyGems.activate(name.to_s)
      super
    end

    def gem(name, *requirements)
      LazyGems.load
      Gem::Specification.find_by_name(name.to_s, *requirements).activate
    end

    private :require, :gem

    Kernel.prepend(self)
  end

  # Suggests the nearest known name for a misspelt one.
  module Suggest
    def self.nearest(word, candidates)
      word = word.to_s
      best = candidates.map(&:to_s).min_by { |c| distance(word, c) }
      best if best && distance(word, best) <= [2, word.length / 3].max
    end

    def self.distance(a, b)
      prev = (0..b.length).to_a
      a.each_char.with_index(1) do |ca, i|
        cur = [i]
        b.each_char.with_index(1) do |cb, j|
          cur << [prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca == cb ? 0 : 1)].min
        end
        prev = cur
      end
      prev.last
    end
  end

  # The argument types of the DSL's methods, checked where the recipe passes them: a value of the
  # wrong type is refused at its line, not turned into a string that builds something else (a
  # version 1.10 written as a number is "1.1") or fails in a build much later.
  #   Types.check(42, :string) { 'env "CFLAGS"' }   raises: env "CFLAGS" wants a string, got 42 (Integer)
  # The block names the argument; it runs only when the value is refused, so a check costs a type
  # test (a recipe of 5,000 packages makes ~100,000). A kind ending in ? also takes nil.
  module Types
    # What a value of each kind answers ===: a class, or a test. A Ruby === on a class runs in
    # Java, so the common checks (a string, a list of strings) cost almost nothing.
    class Test
      def initialize(&test)
        @test = test
      end

      def ===(value)
        @test.call(value)
      end
    end

    NAME = Test.new { |v| v.is_a?(String) || v.is_a?(Symbol) }
    KINDS = {
      string: ['a string', String],
      name: ['a string or symbol', NAME],
      strings: ['a string or an array of strings', Test.new { |v| v.is_a?(String) || (v.is_a?(Array) && v.flatten.all?(String)) }],
      names: ['a name or an array of names (strings or symbols)', Test.new { |v| NAME === v || (v.is_a?(Array) && v.flatten.all?(NAME)) }],
      boolean: ['true or false', Test.new { |v| v == true || v == false }],
      integer: ['a whole number', Integer],
      size: ['a size like "512M" or a number of bytes', Test.new { |v| v.is_a?(String) || v.is_a?(Integer) }],
      hash: ['a hash', Hash],
      url: ['a string or a proc taking the version', Test.new { |v| v.is_a?(String) || v.respond_to?(:call) }]
    }.then { |kinds| kinds.merge(kinds.to_h { |k, (w, t)| [:"#{k}?", [w, Test.new { |v| v.nil? || t === v }]] }) }.freeze
    MATCH = KINDS.transform_values(&:last).freeze

    def self.check(value, kind)
      return value if MATCH[kind] === value
      wanted = KINDS.fetch(kind).first
      raise RecipeError.new("#{yield} wants #{wanted}, got #{show(value)}", hint: hint(value, wanted))
    end

    # Each of a method's rest arguments, arrays flattened (depends_on "a", "b"; make "-j4", "all").
    def self.each(values, kind)
      return values if values.all?(MATCH[kind])
      values.each { |v| v.is_a?(Array) ? each(v, kind) { yield } : check(v, kind) { yield } }
      values
    end

    # A hash's keys as names and its values as `kind`: env CFLAGS: "-O2", with(env: {...}).
    def self.pairs(hash, kind)
      check(hash, :hash) { yield }
      hash.each do |k, v|
        check(k, :name) { "#{yield} key" }
        check(v, kind) { "#{yield} #{k.to_s.inspect}" }
      end
      hash
    end

    def self.show(value)
      return 'nothing (nil)' if value.nil?
      text = value.inspect
      text = "#{text[0, 60]}..." if text.length > 63
      "#{text} (#{value.class})"
    end

    def self.hint(value, wanted)
      return nil unless wanted.start_with?('a string') && (value.is_a?(Numeric) || value.is_a?(Symbol))
      "write it in quotes: \"#{value}\""
    end
  end

  # Local sources and patches (a path relative to the recipe, or a file: URL) must exist when the
  # recipe is evaluated, even with a sha256 given: otherwise the build would be the first to find
  # out. The check is a stat the evaluation cache records, so a file that appears later is seen.
  module LocalFiles
    def self.check(method, url, dir)
      full = path_of(url, dir)
      return if full.nil? || File.file?(full)
      shown = relative(full, dir)
      problem = File.directory?(full) ? 'is a directory, not a file' : 'does not exist'
      near = nearest(full)
      hint = near ? "did you mean #{relative(near, dir).inspect}?" : "paths are relative to the recipe's directory, #{dir}"
      raise RecipeError.new("#{method} file #{shown} #{problem}", hint: hint)
    end

    # The local file a source names, or nil for a URL fetched from elsewhere.
    def self.path_of(url, dir)
      if url.start_with?('file:')
        path = url.sub(%r{\Afile:(//)?}, '').gsub(/%(\h\h)/) { Regexp.last_match(1).hex.chr }
        return path.start_with?('/') ? path : nil
      end
      return nil if url.include?('://')
      File.expand_path(url, dir)
    end

    def self.relative(path, dir)
      path.start_with?("#{dir}/") ? path.delete_prefix("#{dir}/") : path
    end

    # A file in the same directory whose name is one or two letters off (helo-1.0.tar.gz).
    def self.nearest(full)
      parent = File.dirname(full)
      return nil unless File.directory?(parent)
      near = Suggest.nearest(File.basename(full), Dir.children(parent))
      near && File.join(parent, near)
    end
  end

  # Shared by the DSL objects: the caller's recipe line, and friendly unknown-method errors.
  module Recording
    def self.location
      loc = caller_locations.find { |l| !l.path.start_with?('uri:classloader:') }
      loc ? [loc.path, loc.lineno] : [nil, 0]
    end

    def method_missing(name, *args, &block)
      near = Suggest.nearest(name, dsl_methods)
      hint = near ? "did you mean `#{near}`?" : "available here: #{dsl_methods.sort.join(', ')}"
      raise RecipeError.new("unknown method `#{name}` #{dsl_context}", hint: hint)
    end

    def respond_to_missing?(_name, _include_private = false)
      false
    end
  end

  # `env` for specs that keep their data in @data: env "CFLAGS", "-O2"  or  env CFLAGS: "-O2"
  module EnvRecording
    def env(key = nil, value = nil, **pairs)
      env = @data['env']
      Types.pairs(pairs, :string) { 'env' }.each { |k, v| env[k.to_s] = v }
      if key
        Types.check(key, :name) { 'env' }
        env[key.to_s] = Types.check(value, :string) { "env #{key.to_s.inspect}" }
      end
      nil
    end
  end

  # `timeout`, `max_silent` and `limits` for packages: how a build is run, so not part of its hash.
  module LimitsRecording
    DURATION = /\A\s*(\d+(\.\d+)?\s*|(\d+(\.\d+)?\s*[smhd]\s*)+)\z/i

    # A duration as kiln's runtime reads it: a number of seconds, or a string like "90s", "10m", "1h30m".
    def self.duration(value, what)
      text = value.is_a?(Numeric) && value >= 0 ? value.to_s : value
      return text if text.is_a?(String) && text.match?(DURATION)
      raise RecipeError.new("#{what} #{value.inspect} is not a duration",
                            hint: "#{what} 3600  or  #{what} \"10m\" (s, m, h, d; 0 for none)")
    end

    # timeout 3600  or  timeout "2h"   the build's whole wall time; kiln stops it after that
    def timeout(duration)
      @data['timeout'] = LimitsRecording.duration(duration, 'timeout')
      nil
    end

    # max_silent "10m"   how long the build may write nothing to its log before kiln stops it
    def max_silent(duration)
      @data['max_silent'] = LimitsRecording.duration(duration, 'max_silent')
      nil
    end

    # limits memory: "2G", pids: 512   memory and tasks (processes and threads) the build may use
    def limits(memory: nil, pids: nil)
      @data['limits']['memory'] = Types.check(memory, :size?) { 'limits memory:' }.to_s if memory
      @data['limits']['pids'] = Types.check(pids, :integer?) { 'limits pids:' } if pids
      nil
    end
  end

  # Records the steps of a `build do ... end` or `check do ... end` block.
  class StepRecorder
    include Recording

    def initialize(package)
      @package = package
      @steps = []
    end

    def record(&block)
      instance_eval(&block)
      @steps
    end

    # A line of shell, run as written.
    def sh(command)
      @steps << ['sh', Types.check(command, :string) { 'sh' }]
      nil
    end

    # Changes directory for the steps that follow.
    def cd(dir)
      @steps << ['cd', Types.check(dir, :string) { 'cd' }]
      nil
    end

    # A program and its arguments; each argument stays one word, $variables still expand.
    def run(program, *args)
      Types.check(program, :string) { 'run' }
      record_run(program, args) { "run \"#{program}\"" }
    end

    def prefix
      @package.prefix
    end

    def jobs
      @package.jobs
    end

    # input("zlib")   the store path of a declared dependency, expanded in the container
    def input(name)
      @package.input(name)
    end

    def name
      @package.name
    end

    def version
      @package.version
    end

    private

    # A run step for `run` and the helpers built on it (make, configure); the block names the
    # method for an argument of the wrong type.
    def record_run(program, args)
      @steps << ['run', program, *Types.each(args, :string) { yield }.flatten]
      nil
    end

    def dsl_methods
      (StepRecorder.public_instance_methods(false) + [:prefix, :jobs, :input]).uniq - [:record]
    end

    def dsl_context
      "in the build steps of package \"#{@package.name}\""
    end
  end

  # Build systems by name. A build system is a value (see stdlib.rb): the arguments it takes with
  # their defaults, and the standard phases it fills in from them.
  module BuildSystems
    @all = {}

    def self.register(system)
      @all[system.name] = system
    end

    def self.fetch(name)
      @all.fetch(name.to_sym) do
        near = Suggest.nearest(name, @all.keys)
        raise RecipeError.new("no build system #{name.inspect}",
                              hint: near ? "did you mean :#{near}?" : "build systems: #{@all.keys.map { |k| ":#{k}" }.join(', ')}")
      end
    end

    def self.names
      @all.keys
    end
  end

  # A package's phases while its block runs: the build system's, edited by name (Guix's
  # modify-phases). Edits are kept in order and applied when the package is finished, so a recipe
  # may name a phase before it says which build system fills it in.
  class Phases
    attr_accessor :system, :system_args

    def initialize
      @edits = []
    end

    def replace(name, steps, line)
      @edits << [:replace, name.to_s, steps, line]
      nil
    end

    def insert(where, phase, name, steps, line)
      @edits << [where, phase.to_s, steps, line, name.to_s]
      nil
    end

    def skip(name, line)
      @edits << [:skip, name.to_s, nil, line]
      nil
    end

    # [[name, steps], ...] in the order they run.
    def resolve(package)
      phases = STANDARD.map { |n| [n, []] }
      phases = @system.phases(package, @system_args) if @system
      @edits.each { |edit| apply(phases, *edit) }
      phases
    end

    STANDARD = %w[unpack patch configure build check install fixup].freeze

    private

    def apply(phases, kind, name, steps, line, new_name = nil)
      at = phases.index { |p| p.first == name }
      unless at
        raise RecipeError.new("no phase #{name.inspect} to #{kind}",
                              hint: "phases here: #{phases.map(&:first).join(', ')}", location: line)
      end
      case kind
      when :replace then phases[at] = [name, steps]
      when :skip then phases.delete_at(at)
      else
        taken = phases.index { |p| p.first == new_name }
        return phases[taken][1] += steps if taken
        phases.insert(kind == :before ? at : at + 1, [new_name, steps])
      end
    end
  end

  # The object a `package "x", "1.0" do ... end` block runs against.
  class PackageSpec
    include Recording
    include EnvRecording
    include LimitsRecording

    attr_reader :data

    def initialize(recipe, name, version, stage, file, line)
      @recipe = recipe
      @data = {
        'name' => name.to_s, 'version' => version.to_s, 'stage' => stage.to_s,
        'file' => file, 'line' => line, 'dir' => recipe.dir_of(file),
        'sources' => [], 'patches' => [], 'deps' => [], 'env' => {}, 'phases' => [],
        'provides' => [], 'conflicts' => [], 'limits' => {}
      }
      @phases = Phases.new
      @inputs = []
    end

    def name
      @data['name']
    end

    def version
      @data['version']
    end

    # The package's store path inside its container; known only when the build runs.
    def prefix
      '$out'
    end

    # How many jobs a build may run in parallel; not part of the package hash.
    def jobs
      '$JOBS'
    end

    # source "https://.../x-1.0.tar.xz", sha256: "..."   or   source "x-1.0.tar.gz" (beside the recipe)
    # max_size: "40G" and max_ratio: 500 raise the caps on how far an archive may expand (20 GiB, 200 times its size).
    def source(url, sha256: nil, file: nil, max_size: nil, max_ratio: nil)
      Types.check(url, :string) { 'source' }
      Types.check(sha256, :string?) { "source #{url.inspect} sha256:" }
      Types.check(file, :string?) { "source #{url.inspect} file:" }
      _, line = Recording.location
      LocalFiles.check('source', url, @data['dir'])
      @data['sources'] << { 'url' => url, 'sha256' => sha256, 'file' => file, 'line' => line,
                            'max_size' => max_size&.to_s, 'max_ratio' => max_ratio&.to_s }
      nil
    end

    def patch(path, sha256: nil, strip: 1)
      Types.check(path, :string) { 'patch' }
      Types.check(sha256, :string?) { "patch #{path.inspect} sha256:" }
      Types.check(strip, :integer) { "patch #{path.inspect} strip:" }
      _, line = Recording.location
      LocalFiles.check('patch', path, @data['dir'])
      @data['patches'] << { 'url' => path, 'sha256' => sha256, 'strip' => strip, 'line' => line }
      nil
    end

    # provides "sh", "awk=1.36"   names it answers to when installed from a repo
    def provides(*names)
      @data['provides'].concat(Types.each(names, :name) { 'provides' }.flatten.map(&:to_s))
      nil
    end

    # conflicts "coreutils"   packages that cannot be installed beside it
    def conflicts(*constraints)
      @data['conflicts'].concat(Types.each(constraints, :name) { 'conflicts' }.flatten.map(&:to_s))
      nil
    end

    # depends_on "musl"  or  depends_on "musl >= 1.2, < 1.3"
    def depends_on(*names)
      line = Recording.location[1]
      deps = @data['deps']
      Types.each(names, :name) { 'depends_on' }.flatten.each { |n| deps << [n.to_s, line] }
      nil
    end

    # input("zlib")   the store path of a declared dependency inside the container (like prefix)
    def input(name)
      Types.check(name, :name) { 'input' }
      @inputs << [name.to_s, Recording.location[1]]
      "${input_#{name.to_s.gsub(/[^A-Za-z0-9_]/, '_')}}"
    end

    # build_system :gnu, configure_flags: %w[--disable-nls]   phases filled in by a build system
    def build_system(name, **args)
      Types.check(name, :name) { 'build_system' }
      @phases.system = BuildSystems.fetch(name)
      @phases.system_args = @phases.system.arguments(args, @recipe.stage_defaults(@data['stage'], name))
      nil
    end

    # build do ... end   the build phase (with no build system, the whole build)
    def build(&block)
      phase(:build, &block)
    end

    # check do ... end   the check phase: the test suite, or at least a run of the program
    def check(&block)
      phase(:check, &block)
    end

    # phase :configure do ... end   replaces a phase's steps
    def phase(name, &block)
      Types.check(name, :name) { 'phase' }
      raise RecipeError.new("#{name} needs a block", hint: "#{name} do ... end") unless block
      @phases.replace(name, StepRecorder.new(self).record(&block), Recording.location[1])
    end

    # before :configure do ... end   a phase of its own (pre-configure, or the name given) before another
    def before(phase, name = nil, &block)
      insert(:before, phase, name || "pre-#{phase}", block)
    end

    # after :install do ... end   a phase of its own (post-install, or the name given) after another
    def after(phase, name = nil, &block)
      insert(:after, phase, name || "post-#{phase}", block)
    end

    # skip :check   drops phases (like Nix's doCheck = false)
    def skip(*phases)
      line = Recording.location[1]
      Types.each(phases, :name) { 'skip' }.flatten.each { |p| @phases.skip(p, line) }
      nil
    end

    # Settles the phases once the package block (and any variant's changes) ran; raises at the
    # line of the first edit that names no phase, or of an input that is not a dependency.
    def finish
      @data['phases'] = @phases.resolve(self)
      deps = @data['deps'].map { |d| d.first.split(/[\s<>=]/).first }
      @inputs.each do |dep, line|
        next if deps.include?(dep)
        raise RecipeError.new("input(\"#{dep}\") names no dependency of #{name}",
                              hint: "add depends_on \"#{dep}\"", location: line)
      end
      @data
    end

    WITH = %i[version sha256 url env patches depends_on phases].freeze

    # Applies with(...)'s changes to a package whose block has run again (at the new version).
    def vary(changes, old_version, dir)
      accepted = WITH + (@phases.system ? @phases.system.argument_names : [])
      unknown = changes.keys - accepted
      unless unknown.empty?
        raise RecipeError.new("with does not take #{unknown.map { |k| "#{k}:" }.join(', ')}",
                              hint: "with takes #{accepted.map { |k| "#{k}:" }.join(', ')}")
      end
      vary_source(changes, old_version)
      Types.pairs(changes.fetch(:env, {}), :string) { 'with env:' }.each { |k, v| env(k, v) }
      Types.check(changes.fetch(:patches, []), :strings) { 'with patches:' }
      Array(changes[:patches]).each { |p| patch(File.expand_path(p, dir)) }
      Types.check(changes.fetch(:depends_on, []), :names) { 'with depends_on:' }
      Array(changes[:depends_on]).each { |d| depends_on(d) }
      Types.check(changes.fetch(:phases, {}), :hash) { 'with phases:' }.each do |name, block|
        block ? phase(name, &block) : skip(name)
      end
      own = changes.slice(*(accepted - WITH))
      @phases.system_args = @phases.system.arguments(own, @phases.system_args) unless own.empty?
    end

    private

    def vary_source(changes, old_version)
      Types.check(changes[:sha256], :string?) { 'with sha256:' }
      Types.check(changes[:url], :url?) { 'with url:' }
      first = @data['sources'].first
      if (changes[:sha256] || changes[:url]) && !first
        raise RecipeError.new("#{name} has no source to change", hint: 'add one with source "..."')
      end
      if changes[:url]
        url = changes[:url]
        first['url'] = url.respond_to?(:call) ? url.call(version).to_s : format(url, version: version)
        LocalFiles.check('source', first['url'], @data['dir'])
      end
      first['sha256'] = changes[:sha256] if changes[:sha256]
      return if version == old_version || first.nil?
      unless changes[:sha256]
        raise RecipeError.new("#{name} #{version} needs the sha256 of its new source",
                              hint: "with(version: \"#{version}\", sha256: \"...\")")
      end
      return if changes[:url] || first['url'].include?(version)
      raise RecipeError.new("the source URL of #{name} does not follow its version: #{first['url']}",
                            hint: 'pass url: "https://.../name-%{version}.tar.gz" (or write the URL with #{version})')
    end

    def insert(where, phase, name, block)
      Types.check(phase, :name) { where.to_s }
      Types.check(name, :name) { "#{where} :#{phase}" }
      raise RecipeError.new("#{where} needs a block", hint: "#{where} :#{phase} do ... end") unless block
      @phases.insert(where, phase, name, StepRecorder.new(self).record(&block), Recording.location[1])
    end

    def dsl_methods
      PackageSpec.public_instance_methods(false) + %i[env timeout max_silent limits] - %i[data finish vary]
    end

    def dsl_context
      "in package \"#{name}\""
    end
  end

  # The object a `container "name" do ... end` block runs against.
  class ContainerSpec
    include Recording
    include EnvRecording

    attr_reader :data

    def initialize(name, stage, packages, dir, file, line)
      @dir = dir
      @data = { 'name' => name.to_s, 'stage' => stage, 'packages' => packages, 'network' => false,
                'binds' => [], 'env' => {}, 'hostname' => 'kiln', 'workdir' => nil, 'tmpfs' => [],
                'limits' => {}, 'file' => file, 'line' => line }
    end

    def network(on = true)
      @data['network'] = Types.check(on, :boolean) { 'network' }
      nil
    end

    # bind "work", at: "/work"   a host directory (relative to the recipe), writable unless ro: true
    def bind(path, at:, ro: false)
      Types.check(path, :string) { 'bind' }
      Types.check(at, :string) { "bind #{path.inspect} at:" }
      Types.check(ro, :boolean) { "bind #{path.inspect} ro:" }
      @data['binds'] << { 'host' => File.expand_path(path, @dir), 'at' => at, 'ro' => ro }
      nil
    end

    # ro_bind "data", at: "/data"   the same, read-only
    def ro_bind(path, at:)
      bind(path, at: at, ro: true)
    end

    # hostname "box"   the container's host name (default kiln)
    def hostname(name)
      @data['hostname'] = Types.check(name, :string) { 'hostname' }
      nil
    end

    # workdir "/work"   where the command starts
    def workdir(path)
      @data['workdir'] = Types.check(path, :string) { 'workdir' }
      nil
    end

    # tmpfs "/scratch"   an empty, writable directory that vanishes with the container
    def tmpfs(path)
      @data['tmpfs'] << Types.check(path, :string) { 'tmpfs' }
      nil
    end

    # limits memory: "512M", pids: 100   enforced through systemd-run or cgroup v2 when the host allows it
    def limits(memory: nil, pids: nil)
      @data['limits']['memory'] = Types.check(memory, :size?) { 'limits memory:' }.to_s if memory
      @data['limits']['pids'] = Types.check(pids, :integer?) { 'limits pids:' } if pids
      nil
    end

    private

    def dsl_methods
      %i[network bind ro_bind env hostname workdir tmpfs limits]
    end

    def dsl_context
      "in container \"#{@data['name']}\""
    end
  end

  # What `container("x")` returns: `run` asks kiln to run a command in it once the recipe has been
  # evaluated (or at once, at the REPL's prompt).
  class ContainerRef
    def initialize(recipe, data)
      @recipe = recipe
      @data = data
    end

    def name
      @data['name']
    end

    def packages
      @data['packages']
    end

    # container("system").run("busybox", "uname", "-a")
    def run(program, *args)
      command = Types.each([program, *args], :string) { 'run' }.flatten
      _, line = Recording.location
      @recipe.run_in(@data['name'], command, line)
    end

    def to_s
      name
    end

    def inspect
      "#<container #{name} (#{packages.join(', ')})>"
    end
  end

  # What `container(...).run` returns when the run happens after evaluation: kiln prints the output
  # and status then. At the REPL's prompt, run returns a RunResult instead.
  class PendingRun
    attr_reader :container, :command

    def initialize(container, command)
      @container = container
      @command = command
    end

    def status
      raise RecipeError.new('a container run happens after the recipe is evaluated; its status is not known yet',
                            hint: 'kiln run prints each run\'s output and status; at kiln repl, run returns them at once')
    end

    alias output status

    def inspect
      "#<run in #{@container}: #{@command.join(' ')} (after evaluation)>"
    end
  end

  # A finished container run: its exit status and what it printed (stdout and stderr together).
  RunResult = Struct.new(:status, :output) do
    def success?
      status.zero?
    end

    def to_s
      output
    end
  end

  # What `package("x")` returns: a read-only view that can make variants (one-off rebuilds).
  class PackageRef
    def initialize(recipe, data)
      @recipe = recipe
      @data = data
    end

    def name
      @data['name']
    end

    def version
      @data['version']
    end

    def deps
      @data['deps'].map(&:first)
    end

    def sources
      @data['sources'].map { |s| s['url'] }
    end

    def phases
      @data['phases'].map(&:first)
    end

    # Its store path on this machine (at kiln repl; the package need not be built yet).
    def path
      @recipe.path_of(@data)
    end

    # A variant: the package's own block evaluated again with changes, then the block given here.
    #   pkg("xz").with(version: "5.4.2", sha256: "...")          source URLs follow the version
    #   pkg("xz").with(patches: ["fix.patch"], configure_flags: ["--disable-lzmadec"])
    #   pkg("xz").with(phases: { check: nil }) { after(:install) { sh "..." } }
    def with(**changes, &block)
      PackageRef.new(@recipe, @recipe.variant(@data, changes, block))
    end

    # Asks kiln to build this package (or variant) when the script has been evaluated.
    def build
      @recipe.request(@data)
      self
    end

    def to_s
      "#{name} #{version}"
    end

    def inspect
      "#<package #{name} #{version} (stage #{@data['stage']})>"
    end
  end

  # The object a recipe file is evaluated against: its top-level methods are the DSL.
  class Recipe
    include Recording

    def initialize(file)
      @file = File.expand_path(file)
      @packages = []
      @mirrors = []
      @apt_sources = []
      @stages = []
      @containers = []
      @requests = []
      @repos = []
      @runs = []
      @envs = []
      @images = []
      @runner = nil
      @stage = 'default'
      @dirs = {}
      @defaults = {}
      @blocks = {}.compare_by_identity
      @defined = {}
      @redefining = false
    end

    # At the REPL's prompt, after the recipe file: a definition typed there replaces one of the
    # same name (and version and stage), as a method redefined in irb does; in a file it is an error.
    attr_writer :redefining

    # The directory a recipe file's relative paths start from (asked once per package: kept).
    def dir_of(file)
      @dirs[file] ||= File.dirname(File.expand_path(file.to_s))
    end

    # package "name", "version" do ... end   defines a package
    # package "name"                          looks one up (in stage: :x, else the last defined)
    # package "name", "version", timeout: "2h", max_silent: "10m", limits: { memory: "2G" } do ... end
    def package(name, version = nil, stage: nil, timeout: nil, max_silent: nil, limits: nil, &block)
      Types.check(name, :name) { 'package' }
      Types.check(stage, :name?) { "package #{name.to_s.inspect} stage:" }
      return lookup(name, stage) unless block
      file, line = Recording.location
      raise RecipeError.new("package \"#{name}\" needs a version", hint: "package \"#{name}\", \"1.0\" do ... end") unless version
      Types.check(version, :string) { "package #{name.to_s.inspect} version" }
      define(['package', name.to_s, version, @stage], file, line)
      spec = new_package(name, version, @stage, file, line)
      spec.timeout(timeout) if timeout
      spec.max_silent(max_silent) if max_silent
      spec.limits(**limits) if limits
      spec.instance_eval(&block)
      data = spec.finish
      @blocks[data] = ->(again) { again.instance_eval(&block) }
      add(@packages, data) { |p| same_package?(p, data) }
      PackageRef.new(self, data)
    end

    # A variant of a recorded package (PackageRef#with): its block runs again, then the changes.
    def variant(data, changes, extra)
      file, line = Recording.location
      dir = dir_of(file || @file)
      replay = @blocks.fetch(data) { ->(_) {} }
      version = Types.check(changes.fetch(:version, data['version']), :string) { 'with version:' }
      spec = new_package(data['name'], version, data['stage'], data['file'], data['line'])
      rebuild = lambda do |again|
        replay.call(again)
        again.vary(changes, data['version'], dir)
        again.instance_eval(&extra) if extra
      end
      rebuild.call(spec)
      copy = spec.finish
      copy['line'] = line if line.positive?
      @blocks[copy] = rebuild
      copy
    end

    # defaults env: { "CC" => "cc" }, gnu: { configure_flags: %w[--disable-shared] }
    # Settings every package of the current stage starts from: its env, and arguments for a build
    # system should a package pick it (arrays are prepended to the package's, the rest overridden).
    # defaults timeout: "2h", max_silent: "10m", limits: { memory: "4G", pids: 1024 }
    # Each of the stage's packages' timeouts and limits, unless it gives its own (not part of the hash).
    def defaults(env: {}, timeout: nil, max_silent: nil, limits: nil, **systems)
      Types.pairs(env, :string) { 'defaults env:' }
      Types.check(limits, :hash?) { 'defaults limits:' }
      # Checked now, at this line, rather than when a package picks the build system.
      systems.each { |name, args| BuildSystems.fetch(name).arguments(Types.check(args, :hash) { "defaults #{name}:" }) }
      mine = (@defaults[@stage] ||= { env: {}, systems: {}, run: [] })
      env.each { |k, v| mine[:env][k.to_s] = v }
      mine[:run] << [:timeout, LimitsRecording.duration(timeout, 'timeout')] if timeout
      mine[:run] << [:max_silent, LimitsRecording.duration(max_silent, 'max_silent')] if max_silent
      mine[:run] << [:limits, limits.transform_keys(&:to_sym)] if limits
      systems.each { |name, args| (mine[:systems][name.to_sym] ||= {}).merge!(args) }
      nil
    end

    # The arguments a stage's defaults give build system `system`.
    def stage_defaults(stage, system)
      @defaults.dig(stage.to_s, :systems, system.to_sym) || {}
    end

    def new_package(name, version, stage, file, line)
      spec = PackageSpec.new(self, name, version, stage, file, line)
      @defaults.dig(stage.to_s, :env)&.each { |k, v| spec.env(k, v) }
      @defaults.dig(stage.to_s, :run)&.each do |what, value|
        what == :limits ? spec.limits(**value) : spec.public_send(what, value)
      end
      spec
    end

    alias pkg package

    # mirror "distfiles"                     a directory of sources named by sha256 or file name
    # mirror apt_source: %w[musl busybox]    Debian source packages holding upstream tarballs
    # Mirrors are looked up before any URL; whatever they offer must match the recipe's sha256.
    def mirror(path = nil, apt_source: nil)
      Types.check(path, :string?) { 'mirror' }
      Types.check(apt_source, :strings?) { 'mirror apt_source:' }
      file, = Recording.location
      @mirrors << File.expand_path(path.to_s, dir_of(file || @file)) if path
      @apt_sources.concat(Array(apt_source).map(&:to_s))
      nil
    end

    # stage :cross, from: :seed do ... end   packages inside build with only :seed's outputs
    # stage :seed, host: true do ... end       stage 0: builds see the host's /usr, /bin, /lib
    def stage(name, from: nil, host: false)
      Types.check(name, :name) { 'stage' }
      Types.check(from, :names?) { "stage :#{name} from:" }
      Types.check(host, :boolean) { "stage :#{name} host:" }
      file, line = Recording.location
      @stages << { 'name' => name.to_s, 'from' => Array(from).map(&:to_s), 'host' => host ? true : false,
                   'file' => file, 'line' => line }
      previous = @stage
      @stage = name.to_s
      yield if block_given?
      nil
    ensure
      @stage = previous if previous
    end

    # host_tools "seed", %w[sh cc ld as make], include: %w[/usr/include/linux]
    # A package of host programs (with the libraries they load) and files, hashed by content as the
    # recipe's lock file (FILE.lock beside it) lists them.
    def host_tools(name, tools, include: [])
      Types.check(name, :name) { 'host_tools' }
      Types.check(tools, :strings) { "host_tools #{name.to_s.inspect}" }
      Types.check(include, :strings) { "host_tools #{name.to_s.inspect} include:" }
      file, line = Recording.location
      define(['package', name.to_s, 'host', @stage], file, line)
      spec = PackageSpec.new(self, name, 'host', @stage, file, line)
      spec.data['host'] = { 'tools' => Array(tools).map(&:to_s), 'paths' => Array(include).map(&:to_s) }
      add(@packages, spec.data) { |p| same_package?(p, spec.data) }
      PackageRef.new(self, spec.data)
    end

    # container "system", stage: :final, packages: %w[busybox] do network false; bind "work", at: "/work" end
    # container "name"   looks one up, to run commands in it: container("system").run("uname", "-a")
    def container(name, stage: nil, packages: nil, &block)
      Types.check(name, :name) { 'container' }
      return container_ref(name) if packages.nil? && block.nil? && stage.nil?
      Types.check(stage, :name?) { "container #{name.to_s.inspect} stage:" }
      Types.check(packages, :names?) { "container #{name.to_s.inspect} packages:" }
      file, line = Recording.location
      define(['container', name.to_s], file, line)
      spec = ContainerSpec.new(name, (stage || @stage).to_s, Array(packages).map(&:to_s), dir_of(file || @file), file, line)
      spec.instance_eval(&block) if block
      add(@containers, spec.data) { |c| c['name'] == name.to_s }
      ContainerRef.new(self, spec.data)
    end

    # A command to run in a container. Recorded for after evaluation, unless a runner (the REPL)
    # has been given, which runs it at once and returns a RunResult.
    def run_in(container, command, line)
      if @runner
        done = @runner.run(container, command)
        return RunResult.new(done.status, done.output)
      end
      @runs << { 'container' => container, 'command' => command, 'line' => line }
      PendingRun.new(container, command)
    end

    attr_writer :runner, :paths

    # The store path of a package (PackageRef#path): known at the REPL's prompt, where the recipe
    # has been evaluated; a recipe being evaluated names an input's path with input("x") instead.
    def path_of(data)
      unless @paths
        raise RecipeError.new("the store path of #{data['name']} is known only once the recipe is evaluated",
                              hint: "in a build, input(\"#{data['name']}\") names it; at kiln repl, pkg(\"#{data['name']}\").path gives it")
      end
      @paths.pathOf(data)
    end

    # env "base", packages: %w[busybox make], wins: "busybox"
    # A symlink forest of the packages and what they refer to at run time, named by its inputs' hash;
    # where two packages provide one path, the one in wins: takes it (else it is an error).
    def env(name, packages:, wins: [], stage: nil)
      Types.check(name, :name) { 'env' }
      Types.check(packages, :names) { "env #{name.to_s.inspect} packages:" }
      Types.check(wins, :names) { "env #{name.to_s.inspect} wins:" }
      Types.check(stage, :name?) { "env #{name.to_s.inspect} stage:" }
      file, line = Recording.location
      define(['env', name.to_s], file, line)
      data = { 'name' => name.to_s, 'stage' => (stage || @stage).to_s, 'packages' => Array(packages).map(&:to_s),
               'wins' => Array(wins).map(&:to_s), 'file' => file, 'line' => line }
      add(@envs, data) { |e| e['name'] == data['name'] }
      nil
    end

    # image "rootfs", packages: %w[busybox], format: :tar (or :dir, :oci), command: %w[/bin/sh]
    # A root file system: the closure under /kiln/store, a merged /usr of links on top.
    def image(name, packages:, format: :tar, command: [], stage: nil)
      Types.check(name, :name) { 'image' }
      Types.check(packages, :names) { "image #{name.to_s.inspect} packages:" }
      Types.check(format, :name) { "image #{name.to_s.inspect} format:" }
      Types.check(command, :strings) { "image #{name.to_s.inspect} command:" }
      Types.check(stage, :name?) { "image #{name.to_s.inspect} stage:" }
      file, line = Recording.location
      define(['image', name.to_s], file, line)
      data = { 'name' => name.to_s, 'stage' => (stage || @stage).to_s, 'packages' => Array(packages).map(&:to_s),
               'format' => format.to_s, 'command' => Array(command).map(&:to_s), 'file' => file, 'line' => line }
      add(@images, data) { |i| i['name'] == data['name'] }
      nil
    end

    # A binary repo to substitute builds from:
    #   repo "up", url: "http://host:8080", key: "keys/up.pub"   or   repo "local", path: "repo", trusted: true
    def repo(name, url: nil, path: nil, key: nil, trusted: false)
      Types.check(name, :name) { 'repo' }
      %i[url path key].zip([url, path, key]) { |k, v| Types.check(v, :string?) { "repo #{name.to_s.inspect} #{k}:" } }
      Types.check(trusted, :boolean) { "repo #{name.to_s.inspect} trusted:" }
      file, line = Recording.location
      if url.nil? == path.nil?
        raise RecipeError.new("repo \"#{name}\" needs exactly one of url: and path:",
                              hint: "repo \"#{name}\", url: \"http://host:8080\"  or  repo \"#{name}\", path: \"repo\"")
      end
      define(['repo', name.to_s], file, line)
      base = dir_of(file || @file)
      data = { 'name' => name.to_s, 'url' => url, 'path' => path && File.expand_path(path, base),
               'key' => key && File.expand_path(key, base), 'trusted' => trusted, 'file' => file || @file, 'line' => line }
      add(@repos, data) { |r| r['name'] == data['name'] }
      nil
    end

    # Evaluates another recipe file into this one, relative to the file that loads it.
    def load(path)
      Types.check(path, :string) { 'load' }
      file, = Recording.location
      full = File.expand_path(path.to_s, dir_of(file || @file))
      raise RecipeError.new("cannot load #{path}: no such file #{full}") unless File.file?(full)
      instance_eval(File.read(full), full, 1)
      true
    end

    def request(data)
      @requests << data
    end

    def packages
      @packages
    end

    def result
      { 'packages' => @packages, 'mirrors' => @mirrors, 'apt_sources' => @apt_sources, 'stages' => @stages,
        'containers' => @containers, 'requests' => @requests, 'repos' => @repos, 'runs' => @runs,
        'envs' => @envs, 'images' => @images }
    end

    private

    # Notes where a package ([kind, name, version, stage]) or a container, env, image or repo
    # ([kind, name]) is defined; a second definition is an error naming both lines, except at the
    # prompt (see #add).
    def define(key, file, line)
      first = @defined[key]
      if first && !@redefining
        kind, name, version, stage = key
        what = "#{kind} #{name}#{" #{version}" if version}#{" in stage #{stage}" if stage && stage != 'default'}"
        hint = version ? 'remove one, or change its version; pkg("...").with(...) makes a variant' : 'remove one, or rename it'
        raise RecipeError.new("#{what} is defined twice: #{where(*first)} and #{where(file, line)}", hint: hint)
      end
      @defined[key] = [file, line]
    end

    # Appends a finished definition; at the prompt it takes the place of the one `same` finds.
    def add(list, data, &same)
      at = @redefining ? list.index(&same) : nil
      at ? list[at] = data : list << data
    end

    # file:line as the recipe's author reads it: relative to the recipe's directory when inside it.
    def where(file, line)
      file = file.to_s
      base = "#{dir_of(@file)}/"
      "#{file.start_with?(base) ? file.delete_prefix(base) : file}:#{line}"
    end

    def same_package?(one, other)
      %w[name version stage].all? { |k| one[k] == other[k] }
    end

    def container_ref(name)
      found = @containers.reverse.find { |c| c['name'] == name.to_s }
      unless found
        near = Suggest.nearest(name, @containers.map { |c| c['name'] })
        raise RecipeError.new("no container named \"#{name}\"",
                              hint: near ? "did you mean \"#{near}\"?" : 'declare it with container "name", packages: [...] do ... end')
      end
      ContainerRef.new(self, found)
    end

    def lookup(name, stage = nil)
      found = @packages.reverse.find { |p| p['name'] == name.to_s && (stage.nil? || p['stage'] == stage.to_s) }
      unless found
        where = stage ? " in stage #{stage}" : ''
        near = Suggest.nearest(name, @packages.map { |p| p['name'] })
        raise RecipeError.new("no package named \"#{name}\"#{where}", hint: near ? "did you mean \"#{near}\"?" : nil)
      end
      PackageRef.new(self, found)
    end

    def dsl_methods
      %i[package pkg mirror load stage defaults host_tools container repo env image]
    end

    def dsl_context
      'at the top level of the recipe'
    end
  end

  # Evaluates a recipe file; returns its data, or an 'error' entry pointing at the recipe line.
  # Evaluates a recipe file; returns its data and what it read, or an 'error' entry pointing at the
  # recipe line.
  def self.evaluate(path)
    Inputs.start
    recipe = Recipe.new(path)
    full = File.expand_path(path)
    recipe.instance_eval(File.read(full), full, 1)
    recipe.result.merge('inputs' => Inputs.finish)
  rescue ScriptError, StandardError => e
    Inputs.finish
    { 'error' => describe(e, full) }
  end

  def self.describe(error, recipe_file)
    file, line = locate(error, recipe_file)
    line = error.location if error.respond_to?(:location) && error.location
    message = error.message.to_s
    hint = error.respond_to?(:hint) ? error.hint : nil
    if error.is_a?(SyntaxError)
      # JRuby's message starts with "file:line: "; keep the rest.
      if (m = message.match(/\A(.+?):(\d+):\s*(.*)\z/m))
        file, line, message = m[1], m[2].to_i, m[3]
      end
      hint ||= 'check for a missing `end`, quote or comma near this line'
    elsif error.is_a?(NoMethodError) || error.is_a?(NameError)
      hint ||= 'recipes can call package, source, depends_on, build, sh, configure, make, install, ...'
      message = message.sub(/ for #<Kiln::\w+[^>]*>/, '').sub(/ for main:Object/, '')
    end
    { 'file' => file, 'line' => line, 'message' => message.lines.first.to_s.strip,
      'hint' => hint, 'kind' => error.class.name }
  end

  def self.locate(error, recipe_file)
    frames = error.backtrace_locations || []
    frame = frames.find { |l| !l.path.start_with?('uri:classloader:') && !l.path.end_with?('.java') }
    return [frame.path, frame.lineno] if frame
    [recipe_file, 0]
  end
end
