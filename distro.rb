# distro.rb: a small real distribution on top of bootstrap.rb: 25 packages from their upstream
# releases, each built hermetically and linked statically against musl, each with a check.
#
#   ./kiln run distro.rb                        build everything that is missing
#   ./kiln plan distro.rb                       what would be built, and why
#   ./kiln shell distro -- bash -c 'echo hi | gzip | zcat'
#
# Sources are named by their upstream URLs and pinned by sha256; Debian's source packages carry
# the same bytes as *.orig.tar.*, so a machine that reaches only Debian's archive gets them there.
# Where Debian repacked a release (zlib, zstd, bison, tar: files removed for licence reasons, bash:
# 5.2 with upstream's patches 1-15 applied), the recipe pins Debian's file and names its URL.
load "bootstrap.rb"

mirror apt_source: %w[zlib bzip2 xz-utils libzstd lz4 m4 bison flex gawk sed grep diffutils findutils
                      patch tar gzip bash ncurses readline less file pkgconf libffi coreutils perl]

DEBIAN = "http://deb.debian.org/debian/pool/main".freeze
GNU = "https://ftp.gnu.org/gnu".freeze

# The distro's C compiler: musl-gcc that always links statically. libtool drops -static from CC
# and LDFLAGS when it links a program, so the flag is added in here, where libtool cannot see it.
# musl's specs replace gcc's library search path, which drops LIBRARY_PATH (the declared inputs'
# lib directories, set by kiln): its directories are passed as -L. Headers of the stage's inputs
# merged in /usr/include (the kernel's among them) come after musl's own.
stage :toolchain, from: %i[final cross seed] do
  package "cc-static", "1" do
    build do
      sh "mkdir -p #{prefix}/bin"
      sh <<~'SH'
        cat > "$out/bin/cc" <<'EOF'
        #!/bin/sh
        for dir in $(echo "${LIBRARY_PATH:-}" | tr : ' '); do set -- "$@" "-L$dir"; done
        exec musl-gcc -static "$@" -idirafter /usr/include
        EOF
        chmod 755 "$out/bin/cc"
      SH
    end
    check { sh "printf 'int main(void){return 0;}' > t.c && #{prefix}/bin/cc -o t t.c && ./t" }
  end
end

stage :distro, from: %i[toolchain final cross seed] do
  # No shared libraries, no translations; makeinfo and help2man are not in the toolchain, and the
  # tarballs ship their manuals already made.
  defaults env: { "CC" => "cc" },
           gnu: { configure_flags: %w[--disable-shared --disable-nls], make_flags: %w[MAKEINFO=true] }

  # zlib's configure is its own, not autoconf's: it takes --static and refuses unknown options.
  package "zlib", "1.2.13" do
    source "#{DEBIAN}/z/zlib/zlib_1.2.13.dfsg.orig.tar.bz2",
           sha256: "71feb7947e3c00ef125f83b79a4e529bde31171e5babe48b391f06758d1ab0a1"
    build_system :gnu, check_target: "test"
    phase(:configure) { configure "--prefix=#{prefix}", "--static" }
  end

  package "bzip2", "1.0.8" do
    source "https://sourceware.org/pub/bzip2/bzip2-1.0.8.tar.gz",
           sha256: "ab5a03176ee106d3f0fa90e381da478ddae405918153cca248e682cd0c4a2269"
    build_system :make, make_flags: %w[CC=cc], check_target: "test"
  end

  package "xz", "5.4.1" do
    source "https://tukaani.org/xz/xz-#{version}.tar.xz",
           sha256: "5d9827aa1875b21c288f78864bb26d2650b436ea8d2cad364e4921eb6266a5a5"
    build_system :gnu, configure_flags: %w[--disable-doc]
  end

  package "lz4", "1.9.4" do
    source "https://github.com/lz4/lz4/archive/v#{version}/lz4-#{version}.tar.gz",
           sha256: "0b0e3aa07c8c063ddf40b082bdf7e37a1562bda40a0ff5272957f3e987e0e54b"
    build_system :make, make_flags: %w[CC=cc BUILD_SHARED=no]
    # The full suite builds fuzzers and needs python; the CLI round trip is its core.
    phase(:check) { sh "echo kiln | ./lz4 | ./lz4 -d | grep -qx kiln" }
  end

  package "zstd", "1.5.4" do
    source "#{DEBIAN}/libz/libzstd/libzstd_1.5.4+dfsg2.orig.tar.xz",
           sha256: "8cf4bbb65e77ec348d052c8d6230eba66d435bddf64c8b5be2fcb16880c19953"
    depends_on "zlib", "xz", "lz4"
    build_system :make, make_flags: %w[CC=cc HAVE_PTHREAD=1 BUILD_SHARED=0]
    phase(:build) { make "-j#{jobs}", "-C", "programs", "zstd", "CC=cc" }
    phase(:check) { sh "echo kiln | programs/zstd | programs/zstd -d | grep -qx kiln" }
    phase(:install) do
      make "-C", "lib", "install-static", "install-includes", "install-pc", "PREFIX=#{prefix}"
      make "-C", "programs", "install", "CC=cc", "PREFIX=#{prefix}"
    end
  end

  package "m4", "1.4.19" do
    source "#{GNU}/m4/m4-#{version}.tar.xz",
           sha256: "63aede5c6d33b6d9b13511cd0be2cac046f2e70fd0a07aa9573a04a82783af96"
    build_system :gnu
    # The suite's 198.sysval expects a signal's exit status the container's shell does not give;
    # a macro must still expand.
    phase(:check) { sh "echo 'define(x, 42)x' | src/m4 | grep -qx 42" }
  end

  package "bison", "3.8.2" do
    source "#{DEBIAN}/b/bison/bison_3.8.2+dfsg.orig.tar.xz",
           sha256: "dff8a3c96dd34121828f62a7fa49e1f7765815b89e59f564e8d2a9e71c177be5"
    depends_on "m4"
    build_system :gnu, make_flags: %w[HELP2MAN=true PERL=true]
    # Debian's tarball lacks the manual's source (GFDL) and its figures, and perl, which extracts
    # the manual's examples, is not in the toolchain: empty stand-ins, made older than what is
    # built from them, take make past the manual.
    before(:configure) do
      sh "touch doc/bison.texi && mkdir -p doc/figs && touch doc/figs/example.txt doc/figs/example-reduce.txt " \
         "doc/figs/example-shift.txt"
      sh "sleep 1 && touch doc/bison.info examples/extracted.stamp"
    end
    # bison's suite runs for most of an hour on 2 cores; a grammar must still compile.
    phase(:check) do
      sh "printf '%%%%\\nline: %%empty;\\n%%%%\\n' > t.y && src/bison -o t.c t.y && grep -q yyparse t.c"
    end
  end

  package "flex", "2.6.4" do
    source "https://github.com/westes/flex/releases/download/v#{version}/flex-#{version}.tar.gz",
           sha256: "e87aae032bf07c26f85ac0ed3250998c37621d95f8bd748b31f15b33c45ee995"
    depends_on "m4"
    build_system :gnu, make_flags: %w[HELP2MAN=true]
    # The suite also tests C++ scanners, and the toolchain has no C++ compiler: a C scanner must
    # still be generated, compiled and run.
    phase(:check) do
      sh "printf '%s\\n' '%%' '.|\\n ECHO;' '%%' 'int yywrap(void) { return 1; }' 'int main(void) { return yylex(); }' > t.l"
      sh "src/flex -o t.c t.l && cc t.c -o t && echo kiln | ./t | grep -qx kiln"
    end
  end

  # Debian repacked gawk without its manual's source (GFDL): neither the manual nor the awk
  # library extracted from it (awklib) can build.
  package "gawk", "5.2.1" do
    source "#{DEBIAN}/g/gawk/gawk_5.2.1.orig.tar.xz",
           sha256: "2337a0283b180ec1b9c727973a34781c6478b3ae9bcbdcca0a4dc49861d75a65"
    build_system :gnu, configure_flags: %w[--disable-extensions --without-readline --without-mpfr]
    after(:configure) { sh "sed -i '/^SUBDIRS/s/ doc awklib//' Makefile" }
    # The suite needs the extensions left out here; the awk must still compute.
    phase(:check) { sh "./gawk 'BEGIN { printf \"%d\\n\", 6 * 7 }' | grep -qx 42" }
  end

  package "sed", "4.9" do
    source "#{GNU}/sed/sed-#{version}.tar.xz",
           sha256: "6e226b732e1cd739464ad6862bd1a1aba42d7982922da7a53519631d24975181"
    # panic-tests.sh expects an unwritable directory to refuse a temporary file, which it never
    # does to uid 0, and builds run as uid 0 in their user namespace.
    build_system :gnu, configure_flags: %w[--without-selinux], check_flags: %w[XFAIL_TESTS=testsuite/panic-tests.sh]
  end

  package "grep", "3.8" do
    source "#{GNU}/grep/grep-#{version}.tar.xz",
           sha256: "498d7cc1b4fb081904d87343febb73475cf771e424fb7e6141aff66013abc382"
    build_system :gnu, configure_flags: %w[--disable-perl-regexp]
  end

  package "diffutils", "3.8" do
    source "#{GNU}/diffutils/diffutils-#{version}.tar.xz",
           sha256: "a6bdd7d1b31266d11c4f4de6c1b748d4607ab0231af5188fc2533d0ae2438fec"
    # large-subopt is expected to fail (glibc's getopt); musl's passes it, which the suite counts
    # as a failure.
    build_system :gnu, check_flags: %w[XFAIL_TESTS=]
  end

  package "findutils", "4.9.0" do
    source "#{GNU}/findutils/findutils-#{version}.tar.xz",
           sha256: "a2bfb8c09d436770edc59f50fa483e785b161a3b7b9d547573cb08065fd462fe"
    build_system :gnu, configure_flags: %w[--without-selinux]
    # Two of the suite's tests cannot pass here: locate drops group privileges, which uid 0 in a
    # user namespace may not, and exec-plus-last-file needs GNU seq. find must still find.
    phase(:check) { sh "find/find . -name 'ftsfind.c' -type f | grep -qx ./find/ftsfind.c" }
  end

  package "patch", "2.7.6" do
    source "#{GNU}/patch/patch-#{version}.tar.xz",
           sha256: "ac610bda97abe0d9f6b7c963255a11dcb196c25e337c61f94e4778d632f1d8fd"
    build_system :gnu
    # The suite's scripts are bash, not POSIX sh (busybox ash stops at their substitutions).
    phase(:check) do
      sh "echo a > t.txt && printf '%s\\n' '--- t.txt' '+++ t.txt' '@@ -1 +1 @@' -a +b | src/patch t.txt && grep -qx b t.txt"
    end
  end

  package "tar", "1.34" do
    source "#{DEBIAN}/t/tar/tar_1.34+dfsg.orig.tar.xz",
           sha256: "7d57029540cb928394defb3b377b3531237c947e795b51aa8acac0c5ba0e4844"
    env "FORCE_UNSAFE_CONFIGURE", "1" # the build runs as uid 0 in its user namespace
    build_system :gnu, configure_flags: %w[--without-selinux]
    # tar's suite takes long on 2 cores; an archive must round-trip.
    phase(:check) { sh "src/tar -cf t.tar README && mkdir t && src/tar -xf t.tar -C t && cmp README t/README" }
  end

  package "gzip", "1.12" do
    source "#{GNU}/gzip/gzip-#{version}.tar.xz",
           sha256: "ce5e03e519f637e1f814011ace35c4f87b33c0bbabeec35baf5fbd3479e91956"
    build_system :gnu
  end

  package "ncurses", "6.4" do
    source "https://invisible-mirror.net/archives/ncurses/ncurses-#{version}.tar.gz",
           sha256: "6931283d9ac87c5073f30b6290c4c75f21632bb4fc3603ac8100812bed248159"
    build_system :gnu, configure_flags: %w[--without-shared --without-debug --without-cxx --without-cxx-binding
                                           --without-ada --without-tests --enable-widec --enable-overwrite
                                           --disable-stripping --with-pkg-config-libdir=$out/lib/pkgconfig
                                           --enable-pc-files]
    # ncurses has no test suite without its test programs; the terminfo compiler must run.
    phase(:check) { sh "progs/tic -V" }
    # Programs that ask for -lncurses, -lcurses or -ltinfo get the wide-character library.
    after(:install) { sh "cd #{prefix}/lib && for l in ncurses curses tinfo; do ln -sf libncursesw.a lib$l.a; done" }
  end

  package "readline", "8.2" do
    source "#{GNU}/readline/readline-#{version}.tar.gz",
           sha256: "3feb7171f16a84ee82ca18a36d7b9be109a52c04f492a053331d7d1095007c35"
    depends_on "ncurses"
    build_system :gnu, configure_flags: %w[--with-curses]
    # readline has no test suite; its example program links against the library just built.
    phase(:check) { sh "make -C examples rlversion && examples/rlversion" }
  end

  package "bash", "5.2.15" do
    source "#{DEBIAN}/b/bash/bash_5.2.15.orig.tar.gz",
           sha256: "7a315bc0e9d90713159e4390ec1096a41e4f33cd8cc3d1a749a8e5ad56600f51"
    # Its own readline and termcap. configure's test for strtoimax misfires on musl, and bash's
    # replacement would then clash with libc's at link time.
    build_system :gnu, configure_flags: %w[--without-bash-malloc bash_cv_func_strtoimax=no]
    # bash's suite compares with output made under glibc's locales; the shell must still run.
    phase(:check) { sh "./bash -c '[[ abc == a* ]] && echo \"bash $BASH_VERSION\"'" }
    # A static bash cannot load builtins: the loadable ones it installs would only mislead.
    after(:install) { sh "ln -s bash #{prefix}/bin/sh && rm -r #{prefix}/lib/bash" }
  end

  package "less", "590" do
    source "https://www.greenwoodsoftware.com/less/less-#{version}.tar.gz",
           sha256: "6aadf54be8bf57d0e2999a3c5d67b1de63808bb90deb8f77b028eafae3a08e10"
    depends_on "ncurses"
    build_system :gnu, configure_flags: %w[--with-regex=posix]
    phase(:check) { sh "./less -V | grep -q 'less 590'" }
  end

  package "file", "5.44" do
    source "https://astron.com/pub/file/file-#{version}.tar.gz",
           sha256: "3751c7fba8dbc831cb8d7cc8aff21035459b8ce5155ef8b0880a27d028475f3b"
    depends_on "zlib", "bzip2", "xz"
    build_system :gnu, configure_flags: %w[--disable-libseccomp --disable-zstdlib --disable-lzlib]
  end

  package "pkgconf", "1.8.1" do
    source "https://distfiles.ariadne.space/pkgconf/pkgconf-#{version}.tar.xz",
           sha256: "644361ada2942be05655d4452eb018791647c31bba429b287f1f68deb2dc6840"
    depends_on "zlib"
    build_system :gnu
    # The suite needs kyua; asking for a package kiln put on PKG_CONFIG_PATH shows it works.
    phase(:check) { sh "test \"$(./pkgconf --variable=prefix zlib)\" = \"#{input("zlib")}\"" }
  end

  package "libffi", "3.4.4" do
    source "https://github.com/libffi/libffi/releases/download/v#{version}/libffi-#{version}.tar.gz",
           sha256: "d66c56ad259a82cf2a9dfc408b32bf5da52371500b84745f7fb8b645712df676"
    build_system :gnu, configure_flags: %w[--disable-docs]
    # The suite needs DejaGnu; a closure call through the library just built stands in for it.
    phase(:check) do
      sh "printf '#include <ffi.h>\\nint main(void){ffi_cif c; return ffi_prep_cif(&c,FFI_DEFAULT_ABI,0,&ffi_type_void,0)!=FFI_OK;}' > t.c"
      sh "cc -I$(echo */include) t.c $(echo .libs/libffi.a) -o t && ./t"
    end
  end

  package "coreutils", "9.1" do
    source "#{GNU}/coreutils/coreutils-#{version}.tar.xz",
           sha256: "61a1f410d78ba7e7f37a5a4f50e6d1320aca33375484a3255eddf17a38580423"
    env "FORCE_UNSAFE_CONFIGURE", "1" # the build runs as uid 0 in its user namespace
    build_system :gnu, configure_flags: %w[--without-selinux --without-openssl --disable-libcap]
    # The suite runs for most of an hour on 2 cores; a pipeline of the programs just built must work.
    phase(:check) { sh "src/seq 3 | src/sort -r | src/tr -d '\\n' | src/wc -c | src/tee /dev/stderr | grep -qx 3" }
  end

  # perl's Configure is its own; it is told the compiler, static linking and where to look.
  package "perl", "5.36.0" do
    source "https://www.cpan.org/src/5.0/perl-#{version}.tar.xz",
           sha256: "0f386dccbee8e26286404b2cca144e1005be65477979beb9b1ba272d4819bcf0"
    build_system :gnu
    # The whole suite runs for an hour; its base and compiler tests run here.
    phase(:check) { sh "make test_prep && (cd t && ./perl TEST base/*.t comp/*.t)" }
    phase(:configure) do
      sh "sh ./Configure -des -Dprefix=#{prefix} -Dcc=cc -Doptimize=-O2 -Uusedl -Dusenm=n " \
         "-Dlibpth=/usr/lib -Dlocincpth=' ' -Dloclibpth=' ' -Dglibpth=' ' -Dldflags=-static " \
         "-Dlibs=-lm -Dman1dir=none -Dman3dir=none"
    end
  end
end

container "distro", stage: :distro,
                    packages: %w[bash coreutils sed grep gawk diffutils findutils patch tar gzip bzip2 xz zstd
                                 lz4 m4 bison flex less file pkgconf perl] do
  network false
end
