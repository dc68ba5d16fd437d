# Build helpers for recipes: the steps most packages need, each recorded as a plain `run` or `sh`
# step so that `kiln show PKG --script` shows exactly what will run.
module Kiln
  class StepRecorder
    # ./configure with the given arguments (autotools). `configure "--prefix=#{prefix}"`
    def configure(*args, script: './configure')
      Types.check(script, :string) { 'configure script:' }
      record_run(script, args) { 'configure' }
    end

    def make(*args)
      record_run('make', args) { 'make' }
    end

    # install "busybox", "#{prefix}/bin/"           copies into a directory (made if missing)
    # install "hello.1", "#{prefix}/share/man/man1/", mode: "644"
    # install "tool", "#{prefix}/bin/kiln-tool"      copies to a file name
    def install(*sources, dest, mode: '755')
      raise RecipeError.new('install needs a source and a destination', hint: 'install "file", "#{prefix}/bin/"') if sources.empty?
      Types.each([*sources, dest], :string) { 'install' }
      mode = mode.to_s(8) if mode.is_a?(Integer) # mode: 0o644 means what mode: "644" does
      Types.check(mode, :string) { 'install mode:' }
      dir = dest.end_with?('/') ? dest : File.dirname(dest)
      run('mkdir', '-p', dir)
      run('install', '-m', mode, *sources, dest)
    end

    # Applies a patch that is already part of the sources.
    def apply_patch(file, strip: 1)
      Types.check(file, :string) { 'apply_patch' }
      sh "patch -p#{Types.check(strip, :integer) { 'apply_patch strip:' }} < #{file}"
    end
  end
end

module Kiln
  # A build system as a value: the arguments it takes, with their defaults, and a block that fills
  # in the standard phases from them (Guix's gnu-build-system, Nix's stdenv setup). A recipe picks
  # one with `build_system :gnu, configure_flags: [...]` and edits the phases by name.
  class BuildSystem
    attr_reader :name

    def initialize(name, **defaults, &phases)
      @name = name
      @defaults = defaults.freeze
      @phases = phases
    end

    def argument_names
      @defaults.keys
    end

    # The arguments given over `base` (a stage's defaults or a variant's original): arrays add to
    # the base's, other values replace it.
    def arguments(given, base = {})
      unknown = given.keys - argument_names
      unless unknown.empty?
        raise RecipeError.new("build system :#{@name} does not take #{unknown.map { |k| "#{k}:" }.join(', ')}",
                              hint: "it takes #{argument_names.map { |k| "#{k}:" }.join(', ')}")
      end
      given.each { |k, v| Types.check(v, @defaults[k].is_a?(Array) ? :strings : :string) { "build system :#{@name} #{k}:" } }
      merged = @defaults.merge(base) { |_, d, b| d.is_a?(Array) ? d + Array(b) : b }
      merged.merge(given) { |_, b, g| b.is_a?(Array) ? b + Array(g) : g }
    end

    # [[phase name, steps], ...] for `package` with arguments `args`, the standard order.
    def phases(package, args)
      filled = Filler.new(package, args)
      filled.instance_exec(args, &@phases)
      Phases::STANDARD.map { |name| [name, filled.steps.fetch(name, [])] }
    end

    # What a build system's block runs against: `phase(:configure) { ... }` records steps.
    class Filler
      attr_reader :steps

      def initialize(package, args)
        @package = package
        @args = args
        @steps = {}
      end

      def phase(name, &block)
        @steps[name.to_s] = StepRecorder.new(@package).record(&block)
      end
    end

    def self.define(name, **defaults, &phases)
      BuildSystems.register(new(name, **defaults, &phases))
    end
  end

  # Autotools: ./configure --prefix=$out, make, make check, make install.
  BuildSystem.define(:gnu, configure_flags: [], make_flags: [], check_target: 'check', check_flags: [],
                           install_target: 'install', configure_script: './configure') do |a|
    phase(:configure) { configure("--prefix=#{prefix}", *a[:configure_flags], script: a[:configure_script]) }
    phase(:build) { make("-j#{jobs}", *a[:make_flags]) }
    phase(:check) { make("-j#{jobs}", *a[:make_flags], a[:check_target], *a[:check_flags]) }
    phase(:install) { make(*a[:make_flags], a[:install_target]) }
    # Every GNU package's info directory index is the same path; none of them owns it.
    phase(:fixup) { sh "rm -f #{prefix}/share/info/dir" }
  end

  # A plain Makefile that takes PREFIX (bzip2, lz4, zstd...).
  BuildSystem.define(:make, make_flags: [], check_target: 'check', install_target: 'install',
                            prefix_variable: 'PREFIX') do |a|
    phase(:build) { make("-j#{jobs}", *a[:make_flags]) }
    phase(:check) { make(*a[:make_flags], a[:check_target]) }
    phase(:install) { make(*a[:make_flags], "#{a[:prefix_variable]}=#{prefix}", a[:install_target]) }
  end

  # CMake, out of tree in build/.
  BuildSystem.define(:cmake, cmake_flags: [], build_type: 'Release') do |a|
    phase(:configure) do
      run('cmake', '-S', '.', '-B', 'build', "-DCMAKE_INSTALL_PREFIX=#{prefix}",
          "-DCMAKE_BUILD_TYPE=#{a[:build_type]}", *a[:cmake_flags])
    end
    phase(:build) { run('cmake', '--build', 'build', '--parallel', jobs) }
    phase(:check) { run('ctest', '--test-dir', 'build', '--output-on-failure') }
    phase(:install) { run('cmake', '--install', 'build') }
  end

  # Meson and ninja, in build/.
  BuildSystem.define(:meson, meson_flags: [], build_type: 'release') do |a|
    phase(:configure) do
      run('meson', 'setup', 'build', "--prefix=#{prefix}", "--buildtype=#{a[:build_type]}", *a[:meson_flags])
    end
    phase(:build) { run('ninja', '-C', 'build', '-j', jobs) }
    phase(:check) { run('meson', 'test', '-C', 'build', '--print-errorlogs') }
    phase(:install) { run('ninja', '-C', 'build', 'install') }
  end
end
