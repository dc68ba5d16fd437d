package dev.kiln.build;

import dev.kiln.host.Elf;
import dev.kiln.store.Store;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a finished build's output before it enters the store, the way Nix's fixup audits and
 * Guix's validate-runpath do: an entry is immutable and shared, so what would break at run time, or
 * hang kiln while committing, is refused while the build's log is still at hand.
 *
 * <p>The walk never follows symlinks and never opens anything but regular files: opening a fifo
 * blocks until a writer comes, which never happens.
 *
 * @param self the output's store name, so its own files count as present
 * @param output the output directory on the host, seen in the container at /kiln/store/{@code self}
 * @param closure the store names of the package's inputs, all the way down, to their entries on the host
 * @param hermetic whether the package's stage hides the host (then nothing may come from it at run time)
 * @param scratch in-container directories that are gone after the build (/build, /tmp, ...)
 */
public record OutputAudit(String self, Path output, Map<String, Path> closure, boolean hermetic, List<String> scratch) {
  /** Symlinks followed while resolving one path, as Linux's ELOOP limit. */
  private static final int MAX_LINKS = 40;

  public OutputAudit {
    closure = Map.copyOf(closure);
    scratch = List.copyOf(scratch);
  }

  /** One refused file. */
  public record Problem(String file, String reason) {
    @Override
    public String toString() {
      return file + ": " + reason;
    }
  }

  /** Every problem in the output, ordered by file; empty when it may enter the store. */
  public List<Problem> run() throws IOException {
    List<Problem> problems = new ArrayList<>();
    Files.walkFileTree(output, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        String rel = output.relativize(file).toString();
        if (attrs.isOther()) {
          problems.add(new Problem(rel, "is " + specialKind(file)
              + "; a store entry holds only files, directories and symlinks"));
        } else if (attrs.isRegularFile()) {
          Optional<Elf> elf = Elf.read(file);
          if (elf.isPresent() && elf.get().loadable()) {
            elfProblems(rel, elf.get()).forEach(reason -> problems.add(new Problem(rel, reason)));
          }
        }
        return FileVisitResult.CONTINUE;
      }
    });
    problems.sort(Comparator.comparing(Problem::file));
    return List.copyOf(problems);
  }

  static String specialKind(Path file) throws IOException {
    int format = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000;
    return switch (format) {
      case 0010000 -> "a fifo";
      case 0140000 -> "a socket";
      case 0020000 -> "a character device";
      case 0060000 -> "a block device";
      default -> "a special file";
    };
  }

  private List<String> elfProblems(String rel, Elf elf) throws IOException {
    List<String> reasons = new ArrayList<>();
    String origin = parentOf(Store.containerPath(self) + "/" + rel);
    for (String entry : elf.runPaths()) {
      String dir = expandOrigin(entry, origin);
      scratchDir(dir).ifPresent(s -> reasons.add("its RUNPATH names " + entry + ", under " + s
          + ", which is gone after the build"));
    }
    Optional<String> interpreter = elf.interpreter();
    if (interpreter.isEmpty()) {
      return reasons; // static, or a shared object: the loading program brings the loader
    }
    if (!interpreterPresent(interpreter.get())) {
      reasons.add("its ELF interpreter " + interpreter.get() + " is not in the package's run-time closure"
          + (hermetic ? " (a hermetic stage's programs must load with a store path's loader)" : " nor on the host"));
    } else if (hermetic) {
      reasons.addAll(missingLibraries(elf, origin)); // without its loader, what it needs is moot
    }
    return reasons;
  }

  /**
   * The libraries an executable needs that are in none of the places its loader will look within
   * the closure: its RUNPATH directories that lie in store paths, and its interpreter's own directory
   * (where a store path's libc keeps the libraries its loader finds by default). Shared objects are
   * not checked: what they need is also found through the RPATH of whichever program loads them.
   */
  private List<String> missingLibraries(Elf elf, String origin) throws IOException {
    List<String> dirs = new ArrayList<>();
    for (String entry : elf.runPaths()) {
      String dir = expandOrigin(entry, origin);
      if (hostPath(dir).isPresent()) {
        dirs.add(dir);
      }
    }
    String interpreter = elf.interpreter().orElseThrow();
    if (hostPath(interpreter).isPresent()) {
      dirs.add(parentOf(interpreter));
    }
    List<String> reasons = new ArrayList<>();
    for (String library : elf.needed()) {
      if (!foundIn(library, dirs)) {
        reasons.add("it needs " + library + ", which is in none of its RUNPATH directories in the run-time closure"
            + (dirs.isEmpty() ? " (it has none)" : " (" + String.join(":", dirs) + ")"));
      }
    }
    return reasons;
  }

  private boolean foundIn(String library, List<String> dirs) throws IOException {
    if (library.contains("/")) {
      return library.startsWith("/") && resolvesInClosure(library);
    }
    for (String dir : dirs) {
      if (resolvesInClosure(dir + "/" + library)) {
        return true;
      }
    }
    return false;
  }

  private boolean interpreterPresent(String interpreter) throws IOException {
    if (resolvesInClosure(interpreter)) {
      return true;
    }
    // a stage that imports the host runs its programs where the host's /lib is visible
    return !hermetic && Files.isRegularFile(Path.of(interpreter));
  }

  /** The scratch directory {@code dir} lies in, if any. */
  private Optional<String> scratchDir(String dir) {
    if (!dir.startsWith("/")) {
      return Optional.empty();
    }
    Path normal = Path.of(dir).normalize();
    return scratch.stream().filter(s -> normal.startsWith(s)).findFirst();
  }

  /**
   * Whether an in-container path names a regular file inside the closure or the output, following
   * symlinks as the container would: an absolute target means a path in the container, not on the host.
   */
  private boolean resolvesInClosure(String containerPath) throws IOException {
    String path = containerPath;
    for (int links = 0; links <= MAX_LINKS; links++) {
      Optional<Link> link = firstLink(path);
      if (link.isEmpty()) {
        Optional<Path> host = hostPath(path);
        return host.isPresent() && Files.isRegularFile(host.get(), LinkOption.NOFOLLOW_LINKS);
      }
      path = link.get().resolved();
    }
    return false;
  }

  /** A symlink met on the way to a path, and the path with the link replaced by its target. */
  private record Link(String resolved) {}

  private Optional<Link> firstLink(String containerPath) throws IOException {
    Path normal = Path.of(containerPath).normalize();
    for (int i = 1; i <= normal.getNameCount(); i++) {
      Path prefix = normal.getRoot().resolve(normal.subpath(0, i));
      Optional<Path> host = hostPath(prefix.toString());
      if (host.isPresent() && Files.isSymbolicLink(host.get())) {
        Path target = prefix.getParent().resolve(Files.readSymbolicLink(host.get()));
        Path rest = i < normal.getNameCount() ? normal.subpath(i, normal.getNameCount()) : Path.of("");
        return Optional.of(new Link(target.resolve(rest).normalize().toString()));
      }
    }
    return Optional.empty();
  }

  /** Where an in-container path lies on the host, when it is inside the output or the closure. */
  private Optional<Path> hostPath(String containerPath) {
    if (!containerPath.startsWith("/")) {
      return Optional.empty();
    }
    Path normal = Path.of(containerPath).normalize();
    Path store = Path.of(Store.CONTAINER_PATH);
    if (!normal.startsWith(store) || normal.getNameCount() <= store.getNameCount()) {
      return Optional.empty();
    }
    String name = normal.getName(store.getNameCount()).toString();
    Path entry = name.equals(self) ? output : closure.get(name);
    if (entry == null) {
      return Optional.empty();
    }
    int inside = store.getNameCount() + 1;
    return Optional.of(inside == normal.getNameCount() ? entry
        : entry.resolve(normal.subpath(inside, normal.getNameCount()).toString()));
  }

  private static String expandOrigin(String entry, String origin) {
    return entry.replace("${ORIGIN}", origin).replace("$ORIGIN", origin);
  }

  private static String parentOf(String path) {
    return path.substring(0, Math.max(1, path.lastIndexOf('/')));
  }
}
