package dev.kiln.host;

import dev.kiln.model.HostImport;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Works out every host file a {@link HostImport} needs: each program as {@link HostPrograms} finds it,
 * the shared libraries and ELF interpreter it loads (read from its ELF headers), the files a C compiler
 * needs to compile and link C, and the extra paths the recipe names. Nothing else: another frontend or
 * library installed beside the compiler must not change the seed. Symbolic links are kept, made
 * relative; links through /etc/alternatives and the like end up pointing at the real file.
 *
 * <p>Paths are host paths ({@code /usr/bin/sh}) read below a root directory: {@code /} for the real
 * host, another directory for a system image (or a fake host in tests).
 */
public final class HostImportResolver {
  private static final List<String> LIBRARY_DIRS = List.of("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
      "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib");
  /** x86_64-linux-gnu-gcc-12, gcc-12, cpp-12: a driver whose internal directory's C parts must come along. */
  private static final Pattern GCC = Pattern.compile("(?:(.+)-)?(?:gcc|cpp)-(\\d+)");
  /**
   * What the gcc driver runs or links for C, by file name in its internal directories: the C compiler
   * proper, the linker wrapper, the LTO plugin (Debian's gcc passes it to every link, and fails when it
   * is missing), start files, libgcc and the compiler's own headers. Not cc1plus, f951, gnat1, lto1
   * (only -flto runs it), sanitizers or the C++ library: installing those must not change the seed.
   */
  private static final Pattern COMPILER_FILE = Pattern.compile(
      "cc1|collect2|lto-wrapper|liblto_plugin\\.so(\\.[0-9.]+)?|crt[^/]*\\.o|libgcc[^/]*|include|include-fixed");

  private static final Pattern LINKER_SCRIPT_INPUTS = Pattern.compile("GROUP\\s*\\(([^)]*)\\)");

  private final Path root;
  private final TreeMap<String, HostEntry> entries = new TreeMap<>();
  /** Directories whose contents were added (a parent of an added file is only created). */
  private final Set<String> expanded = new HashSet<>();
  private final Deque<String> elfToScan = new ArrayDeque<>();

  private HostImportResolver(Path root) {
    this.root = root;
  }

  /** The entries to copy from the real host, sorted by path. */
  public static List<HostEntry> resolve(HostImport imported) throws IOException {
    return resolve(imported, Path.of("/"));
  }

  /** The entries to copy from the host below {@code root}, sorted by path; fails naming what is not found. */
  public static List<HostEntry> resolve(HostImport imported, Path root) throws IOException {
    HostImportResolver resolver = new HostImportResolver(root.toRealPath());
    for (String tool : imported.tools()) {
      resolver.addTool(tool);
    }
    for (String path : imported.paths()) {
      resolver.add(path);
    }
    resolver.scanElfClosure();
    return List.copyOf(resolver.entries.values());
  }

  /** Where a host path is on this machine. */
  static Path onDisk(Path root, String hostPath) {
    return root.resolve(hostPath.substring(1));
  }

  private Path onDisk(String hostPath) {
    return onDisk(root, hostPath);
  }

  /** The host path of a file below the root; a link leading out of the root is an error naming it. */
  private String hostPath(Path real, String from) throws IOException {
    if (!real.startsWith(root)) {
      throw new NoSuchFileException("host_tools: " + from + " leads to " + real + ", outside the host root " + root);
    }
    return "/" + root.relativize(real);
  }

  private void addTool(String tool) throws IOException {
    Path found = HostPrograms.find(root, tool).orElseThrow(() -> new NoSuchFileException("host_tools: no program \""
        + tool + "\" on the host (looked in " + String.join(", ", HostPrograms.DIRECTORIES) + ")"));
    String real = hostPath(found.toRealPath(), "/" + root.relativize(found));
    // The program keeps its name in /usr/bin, as a link to wherever the host really keeps it.
    String alias = "/usr/bin/" + tool;
    if (!real.equals(alias)) {
      entries.put(alias, HostEntry.symlink(alias, Path.of("/usr/bin").relativize(Path.of(real)).toString()));
      addParents(alias);
    }
    add(real);
    Matcher gcc = GCC.matcher(Path.of(real).getFileName().toString());
    if (gcc.matches()) {
      addCompilerInternals(gcc.group(2));
    }
  }

  /** GCC finds cc1, collect2, crtbegin.o, libgcc.a and its own headers relative to itself. */
  private void addCompilerInternals(String majorVersion) throws IOException {
    for (String base : List.of("/usr/lib/gcc", "/usr/libexec/gcc")) {
      if (!Files.isDirectory(onDisk(base))) {
        continue;
      }
      try (DirectoryStream<Path> triplets = Files.newDirectoryStream(onDisk(base))) {
        for (Path triplet : triplets) {
          Path versionDir = triplet.resolve(majorVersion);
          if (Files.isDirectory(versionDir)) {
            addCompilerFiles(base + "/" + triplet.getFileName() + "/" + majorVersion, versionDir);
          }
        }
      }
    }
  }

  private void addCompilerFiles(String hostDir, Path versionDir) throws IOException {
    try (DirectoryStream<Path> children = Files.newDirectoryStream(versionDir)) {
      for (Path child : children) {
        if (COMPILER_FILE.matcher(child.getFileName().toString()).matches()) {
          add(hostDir + "/" + child.getFileName());
          addLinkerScriptInputs(hostDir + "/" + child.getFileName(), child);
        }
      }
    }
  }

  /**
   * libgcc_s.so is a linker script ({@code GROUP ( libgcc_s.so.1 -lgcc )}): every dynamic link with
   * gcc reads it, and fails unless the library it names comes along too.
   */
  private void addLinkerScriptInputs(String hostPath, Path file) throws IOException {
    if (!Files.isRegularFile(file) || Files.size(file) > 4096 || Elf.read(file).isPresent()) {
      return;
    }
    String text = Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
    Matcher group = LINKER_SCRIPT_INPUTS.matcher(text);
    if (!group.find()) {
      return;
    }
    for (String input : group.group(1).trim().split("\\s+")) {
      if (input.matches("lib[^/]*\\.so[.0-9]*")) {
        add(findLibrary(hostPath, input, List.of()));
      }
    }
  }

  /** Adds a host path: files and directories as they are, links with their targets. */
  private void add(String path) throws IOException {
    String key = canonicalParent(path);
    HostEntry known = entries.get(key);
    if (known != null && (known.kind() != HostEntry.Kind.DIRECTORY || expanded.contains(key))) {
      return;
    }
    Path file = onDisk(key);
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new NoSuchFileException("host_tools: " + path + " does not exist on the host");
    }
    addParents(key);
    if (Files.isSymbolicLink(file)) {
      String target = hostPath(file.toRealPath(), key);
      entries.put(key, HostEntry.symlink(key, Path.of(key).getParent().relativize(Path.of(target)).toString()));
      add(target);
    } else if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
      entries.put(key, HostEntry.directory(key));
      expanded.add(key);
      try (DirectoryStream<Path> children = Files.newDirectoryStream(file)) {
        for (Path child : children) {
          add(key + "/" + child.getFileName());
        }
      }
    } else if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      entries.put(key, HostEntry.file(key));
      elfToScan.add(key);
    }
  }

  /** The path with its parent directories resolved (/lib/x.so on a merged-/usr host is /usr/lib/x.so). */
  private String canonicalParent(String path) throws IOException {
    Path abs = Path.of(path).normalize();
    Path parent = abs.getParent();
    if (parent == null || parent.getParent() == null) {
      return abs.toString();
    }
    Path realParent = onDisk(parent.toString()).toRealPath();
    return Path.of(hostPath(realParent, path)).resolve(abs.getFileName()).toString();
  }

  private void addParents(String path) {
    for (Path p = Path.of(path).getParent(); p != null && p.getParent() != null; p = p.getParent()) {
      entries.putIfAbsent(p.toString(), HostEntry.directory(p.toString()));
    }
  }

  private void scanElfClosure() throws IOException {
    while (!elfToScan.isEmpty()) {
      String file = elfToScan.poll();
      Optional<Elf> elf = Elf.read(onDisk(file));
      if (elf.isEmpty()) {
        continue;
      }
      if (elf.get().interpreter().isPresent()) {
        add(elf.get().interpreter().get());
      }
      for (String needed : elf.get().needed()) {
        add(findLibrary(file, needed, elf.get().runPaths()));
      }
    }
  }

  private String findLibrary(String user, String name, List<String> runPaths) throws IOException {
    String origin = Path.of(user).getParent().toString();
    List<String> dirs = new ArrayList<>();
    for (String runPath : runPaths) {
      dirs.add(runPath.replace("$ORIGIN", origin).replace("${ORIGIN}", origin));
    }
    dirs.addAll(LIBRARY_DIRS);
    for (String dir : dirs) {
      String candidate = dir + "/" + name;
      if (candidate.startsWith("/") && Files.exists(onDisk(candidate))) {
        return candidate;
      }
    }
    throw new NoSuchFileException("host_tools: " + user + " needs " + name + ", which is in none of " + dirs);
  }
}
