# bootstrap.rb: a small, static, musl-based Linux userland built from nothing but the host's
# compiler, in three stages, each in containers that hold only the stage before it.
#
#   ./kiln run bootstrap.rb                     build everything that is missing
#   ./kiln plan bootstrap.rb                    what would be built, stage by stage
#   ./kiln shell system                         busybox sh in the finished system
#   ./kiln shell system -- busybox uname -a     one command; its exit status is kiln's
#
# Sources are the upstream release tarballs, named by their upstream URLs and pinned by sha256.
# Debian's source packages carry the same bytes as *.orig.tar.*, so a machine that can reach only
# Debian's archive gets them from there; the fetcher keeps a file only if its sha256 matches.
mirror apt_source: %w[musl busybox make-dfsg]

# The architecture's kernel headers, as Debian's linux-libc-dev installs them.
KERNEL_HEADERS = %w[/usr/include/linux /usr/include/asm-generic /usr/include/mtd
                    /usr/include/x86_64-linux-gnu/asm].freeze

# Stage 0: the host's tools, imported into a package. Only this stage sees the host.
stage :seed, host: true do
  host_tools "seed", %w(
    sh bash cc gcc cpp as ld ar nm ranlib strip objcopy objdump readelf make
    cat cp mv rm ln mkdir rmdir chmod touch ls install env expr tr sort uniq head tail wc cut
    basename dirname date uname printf echo true false test [ sleep tee od mktemp readlink realpath
    stat id hostname nproc which sed awk grep egrep fgrep find xargs diff cmp tar gzip bzip2 xz patch
  ), include: KERNEL_HEADERS

  # Debian repacked make 4.3 (make-dfsg: the GFDL manual removed) and dropped the generated
  # configure script, so its sha256 is not upstream's make-4.3.tar.gz; we pin Debian's file and
  # Debian's patch, and regenerate configure here, where the host's autotools are visible.
  package "make-src", "4.3" do
    source "http://deb.debian.org/debian/pool/main/m/make-dfsg/make-dfsg_4.3.orig.tar.gz",
           sha256: "be4c17542578824e745f83bcd2a9ba264206187247cb6a5f5df99b0a9d1f9047"
    source "http://deb.debian.org/debian/pool/main/m/make-dfsg/make-dfsg_4.3-4.1.diff.gz",
           sha256: "753c254ecaba425ebe2e0a0fb4d299847701e1c3eeb43df563e39975cae56b4c"
    build do
      cd "make-dfsg-4.3"
      sh "zcat ../make-dfsg_4.3-4.1.diff.gz | patch -p1 -s"
      sh "autoreconf -fi"
      sh "mkdir -p #{prefix}/share/src/make-4.3 && cp -R . #{prefix}/share/src/make-4.3/"
    end
  end
end

def busybox
  package "busybox", "1.35.0" do
    source "https://busybox.net/downloads/busybox-1.35.0.tar.bz2",
           sha256: "faeeb244c35a348a334f4a59e44626ee870fb07b6884d68c10ae8bc19f83a694"
    depends_on "musl", "linux-headers"
    build do
      sh "make defconfig"
      # tc needs traffic-control headers that a musl system lacks; nothing else in defconfig does.
      sh "sed -i 's/^CONFIG_TC=y/# CONFIG_TC is not set/' .config"
      make "-j#{jobs}", "busybox", "CC=musl-gcc -isystem /usr/include", "HOSTCC=musl-gcc -static",
           "LDFLAGS=-static"
      install "busybox", "#{prefix}/bin/"
      sh "cd #{prefix}/bin && for a in $(./busybox --list); do [ -e \"$a\" ] || ln -s busybox \"$a\"; done"
    end
    check { sh "#{prefix}/bin/busybox true" }
  end
end

def gnu_make
  package "make", "4.3" do
    depends_on "musl"
    build do
      # -p keeps the store's equal mtimes, so make does not think configure.ac is newer than configure.
      sh "cp -Rp /usr/share/src/make-4.3/. ."
      configure "--prefix=#{prefix}", "--disable-nls", "--without-guile", "CC=musl-gcc", "LDFLAGS=-static"
      make "-j#{jobs}"
      make "install"
    end
    check { sh "#{prefix}/bin/make --version | grep -q 'GNU Make 4.3'" }
  end
end

# Stage 1: a static musl toolchain and userland, built in containers holding only the seed.
stage :cross, from: :seed do
  package "linux-headers", "host" do
    build do
      sh "mkdir -p #{prefix}/include"
      sh "cp -RL /usr/include/linux /usr/include/asm-generic /usr/include/mtd #{prefix}/include/"
      sh "cp -RL /usr/include/x86_64-linux-gnu/asm #{prefix}/include/asm"
    end
  end

  package "musl", "1.2.3" do
    source "https://musl.libc.org/releases/musl-1.2.3.tar.gz",
           sha256: "7d5b0b6062521e4627e099e4c9dc8248d32a30285e959b7eecaa780cf8cfd4a4"
    build do
      # The wrapper check looks for glibc headers, which a hermetic seed lacks: ask for it.
      configure "--prefix=#{prefix}", "--disable-shared", "--enable-wrapper=gcc"
      make "-j#{jobs}"
      make "install"
    end
  end

  busybox
  gnu_make
end

# Stage 2: busybox and make again, with :cross's busybox as the shell and userland and the seed
# only for the compiler. The result runs in a container that holds nothing else.
stage :final, from: %i[cross seed] do
  busybox
  gnu_make
end

container "system", stage: :final, packages: %w[busybox make] do
  network false
end
