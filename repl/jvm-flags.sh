# The JVM options kiln runs with, for ./kiln and for the benchmarks that run kiln's code as it runs:
#   source repl/jvm-flags.sh && kiln_jvm_flags ROOT      sets the array `flags`
# Run on every kiln start, so it starts no process but the one grep.
kiln_jvm_flags() {
  local root="$1" jar name lib
  local arch="${HOSTTYPE:-}"
  [[ $arch == x86_64 ]] && arch=amd64   # the JVM's name for it, which zstd-jni's directories use
  mapfile -t flags < <(grep -v '^#' "$root/repl/jvm.flags")   # why each: see the file
  flags+=(-XX:CompilerDirectivesFile="$root/repl/compiler-directives.json")
  # zstd-jni loads its library from where the build unpacked it (see repl/pom.xml), not from a
  # fresh temporary copy of it per process.
  for jar in "$root"/repl/target/lib/zstd-jni-*.jar; do
    name="${jar##*/}"
    lib="$root/repl/target/native/linux/$arch/lib${name%.jar}.so"
    if [[ -f "$lib" ]]; then
      flags+=(-DZstdNativePath="$lib")
    fi
  done
}
