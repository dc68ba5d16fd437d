# Build helpers for recipes: the steps most packages need, each recorded as a plain `run` or `sh`
# step so that `kiln show PKG --script` shows exactly what will run.
module Kiln
  class StepRecorder
    # ./configure with the given arguments (autotools). `configure "--prefix=#{prefix}"`
    def configure(*args, script: './configure')
      run(script, *args)
    end

    def make(*args)
      run('make', *args)
    end

    # cmake configure + build + install, out of tree in `build/`.
    def cmake(*args, build_dir: 'build')
      run('cmake', '-S', '.', '-B', build_dir, "-DCMAKE_INSTALL_PREFIX=#{prefix}", '-DCMAKE_BUILD_TYPE=Release', *args)
      run('cmake', '--build', build_dir, '--parallel', jobs)
      run('cmake', '--install', build_dir)
    end

    # meson setup + ninja + install, in `build/`.
    def meson(*args, build_dir: 'build')
      run('meson', 'setup', build_dir, "--prefix=#{prefix}", '--buildtype=release', *args)
      run('ninja', '-C', build_dir, '-j', jobs)
      run('ninja', '-C', build_dir, 'install')
    end

    # install "busybox", "#{prefix}/bin/"           copies into a directory (made if missing)
    # install "hello.1", "#{prefix}/share/man/man1/", mode: "644"
    # install "tool", "#{prefix}/bin/kiln-tool"      copies to a file name
    def install(*sources, dest, mode: '755')
      raise RecipeError.new('install needs a source and a destination', hint: 'install "file", "#{prefix}/bin/"') if sources.empty?
      dir = dest.end_with?('/') ? dest : File.dirname(dest)
      run('mkdir', '-p', dir)
      run('install', '-m', mode.to_s, *sources, dest)
    end

    # Applies a patch that is already part of the sources.
    def apply_patch(file, strip: 1)
      sh "patch -p#{Integer(strip)} < #{file}"
    end
  end
end
