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
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Works out every host file a {@link HostImport} needs: each program as {@link HostPrograms} finds it,
 * the shared libraries and ELF interpreter it loads (read from its ELF headers), a C compiler's
 * internal programs and files, and the extra paths the recipe names. Symbolic links are kept, made
 * relative; links through /etc/alternatives and the like end up pointing at the real file.
 */
public final class HostImportResolver {
  private static final List<String> LIBRARY_DIRS = List.of("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
      "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib");
  /** x86_64-linux-gnu-gcc-12, gcc-12: the compiler whose internal directory must come along. */
  private static final Pattern GCC = Pattern.compile("(?:(.+)-)?gcc-(\\d+)");
  /** GCC's plugin headers are for building compiler plugins, not programs: 90 MB we don't need. */
  private static final String GCC_PLUGIN_DIR = "plugin";

  private final TreeMap<String, HostEntry> entries = new TreeMap<>();
  /** Directories whose contents were added (a parent of an added file is only created). */
  private final java.util.Set<String> expanded = new java.util.HashSet<>();
  private final Deque<Path> elfToScan = new ArrayDeque<>();

  private HostImportResolver() {}

  /** The entries to copy, sorted by path; fails naming the first program or path not found. */
  public static List<HostEntry> resolve(HostImport imported) throws IOException {
    HostImportResolver resolver = new HostImportResolver();
    for (String tool : imported.tools()) {
      resolver.addTool(tool);
    }
    for (String path : imported.paths()) {
      resolver.add(Path.of(path));
    }
    resolver.scanElfClosure();
    return List.copyOf(resolver.entries.values());
  }

  private void addTool(String tool) throws IOException {
    Path found = HostPrograms.find(tool).orElseThrow(() -> new NoSuchFileException("host_tools: no program \""
        + tool + "\" on the host (looked in " + String.join(", ", HostPrograms.DIRECTORIES) + ")"));
    Path real = found.toRealPath();
    // The program keeps its name in /usr/bin, as a link to wherever the host really keeps it.
    String alias = "/usr/bin/" + tool;
    if (!real.toString().equals(alias)) {
      entries.put(alias, HostEntry.symlink(alias, Path.of("/usr/bin").relativize(real).toString()));
      addParents(Path.of(alias));
    }
    add(real);
    Matcher gcc = GCC.matcher(real.getFileName().toString());
    if (gcc.matches()) {
      addCompilerInternals(gcc.group(2));
    }
  }

  /** GCC finds cc1, collect2, crtbegin.o, libgcc.a and its own headers relative to itself. */
  private void addCompilerInternals(String majorVersion) throws IOException {
    for (String base : List.of("/usr/lib/gcc", "/usr/libexec/gcc")) {
      Path root = Path.of(base);
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (DirectoryStream<Path> triplets = Files.newDirectoryStream(root)) {
        for (Path triplet : triplets) {
          Path versionDir = triplet.resolve(majorVersion);
          if (Files.isDirectory(versionDir)) {
            add(versionDir);
          }
        }
      }
    }
  }

  /** Adds a path: files and directories as they are, links with their targets. */
  private void add(Path path) throws IOException {
    Path canonical = canonicalParent(path);
    String key = canonical.toString();
    HostEntry known = entries.get(key);
    if (known != null && (known.kind() != HostEntry.Kind.DIRECTORY || expanded.contains(key))) {
      return;
    }
    if (!Files.exists(canonical, LinkOption.NOFOLLOW_LINKS)) {
      throw new NoSuchFileException("host_tools: " + path + " does not exist on the host");
    }
    addParents(canonical);
    if (Files.isSymbolicLink(canonical)) {
      Path target = canonical.toRealPath();
      entries.put(key, HostEntry.symlink(key, canonical.getParent().relativize(target).toString()));
      add(target);
    } else if (Files.isDirectory(canonical, LinkOption.NOFOLLOW_LINKS)) {
      entries.put(key, HostEntry.directory(key));
      expanded.add(key);
      try (DirectoryStream<Path> children = Files.newDirectoryStream(canonical)) {
        for (Path child : children) {
          if (!child.getFileName().toString().equals(GCC_PLUGIN_DIR) || !key.contains("/gcc/")) {
            add(child);
          }
        }
      }
    } else if (Files.isRegularFile(canonical, LinkOption.NOFOLLOW_LINKS)) {
      entries.put(key, HostEntry.file(key));
      elfToScan.add(canonical);
    }
  }

  /** The path with its parent directories resolved (/lib/x.so on a merged-/usr host is /usr/lib/x.so). */
  private static Path canonicalParent(Path path) throws IOException {
    Path abs = path.toAbsolutePath().normalize();
    Path parent = abs.getParent();
    return parent == null ? abs : parent.toRealPath().resolve(abs.getFileName());
  }

  private void addParents(Path path) {
    for (Path p = path.getParent(); p != null && p.getParent() != null; p = p.getParent()) {
      entries.putIfAbsent(p.toString(), HostEntry.directory(p.toString()));
    }
  }

  private void scanElfClosure() throws IOException {
    while (!elfToScan.isEmpty()) {
      Path file = elfToScan.poll();
      Optional<Elf> elf = Elf.read(file);
      if (elf.isEmpty()) {
        continue;
      }
      if (elf.get().interpreter().isPresent()) {
        add(Path.of(elf.get().interpreter().get()));
      }
      for (String needed : elf.get().needed()) {
        add(findLibrary(file, needed, elf.get().runPaths()));
      }
    }
  }

  private static Path findLibrary(Path user, String name, List<String> runPaths) throws IOException {
    List<String> dirs = new ArrayList<>();
    for (String runPath : runPaths) {
      dirs.add(runPath.replace("$ORIGIN", user.getParent().toString()).replace("${ORIGIN}", user.getParent().toString()));
    }
    dirs.addAll(LIBRARY_DIRS);
    for (String dir : dirs) {
      Path candidate = Path.of(dir, name);
      if (Files.exists(candidate)) {
        return candidate;
      }
    }
    throw new NoSuchFileException("host_tools: " + user + " needs " + name + ", which is in none of " + dirs);
  }
}
