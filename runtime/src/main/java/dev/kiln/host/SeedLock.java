package dev.kiln.host;

import dev.kiln.model.HostImport;
import dev.kiln.model.RecipeException;
import dev.kiln.model.SourceLocation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A lock file ({@code bootstrap.lock} beside {@code bootstrap.rb}): for each host import of the recipe,
 * what it asked for, the host files it imports with their sha256, and the fingerprint planning uses in
 * place of the live host's. Plain text, one file a line, sorted, so that a diff shows what changed:
 *
 * <pre>
 * host_tools seed/seed
 *   tools sh cc make
 *   include /usr/include/linux
 *   fingerprint 3f1c…
 *   /usr/bin/cc -> x86_64-linux-gnu-gcc-12
 *   /usr/bin/x86_64-linux-gnu-gcc-12 x 9a0e…
 *   /usr/include/linux/
 * </pre>
 *
 * @param imports by {@code STAGE/NAME}
 */
public record SeedLock(SortedMap<String, Locked> imports) {
  private static final String HEADER = "host_tools ";
  private static final String INDENT = "  ";

  /** One host import as locked: the recipe's request and the files it resolved to. */
  public record Locked(String key, HostImport request, HostManifest manifest) {}

  public SeedLock {
    imports = Collections.unmodifiableSortedMap(new TreeMap<>(imports));
  }

  public static SeedLock empty() {
    return new SeedLock(new TreeMap<>());
  }

  /** The lock file of a recipe: its name with {@code .lock} for {@code .rb}, beside it. */
  public static Path fileFor(Path recipe) {
    String name = recipe.getFileName().toString();
    String base = name.endsWith(".rb") ? name.substring(0, name.length() - 3) : name;
    return recipe.toAbsolutePath().resolveSibling(base + ".lock");
  }

  /** The same lock with one import locked anew. */
  public SeedLock with(Locked locked) {
    TreeMap<String, Locked> next = new TreeMap<>(imports);
    next.put(locked.key(), locked);
    return new SeedLock(next);
  }

  /** Reads a lock file; an empty lock when there is none. Errors name the file and line. */
  public static SeedLock read(Path file) throws IOException, RecipeException {
    if (!Files.isRegularFile(file)) {
      return empty();
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    TreeMap<String, Locked> imports = new TreeMap<>();
    int at = 0;
    while (at < lines.size()) {
      String line = lines.get(at);
      if (line.isBlank() || line.startsWith("#")) {
        at++;
      } else if (line.startsWith(HEADER)) {
        int end = at + 1;
        while (end < lines.size() && lines.get(end).startsWith(INDENT)) {
          end++;
        }
        Locked locked = parseImport(file, at, lines.subList(at, end));
        imports.put(locked.key(), locked);
        at = end;
      } else {
        throw damaged(file, at + 1, "expected \"host_tools STAGE/NAME\", found \"" + line + "\"");
      }
    }
    return new SeedLock(imports);
  }

  private static Locked parseImport(Path file, int first, List<String> block) throws RecipeException {
    String key = block.get(0).substring(HEADER.length()).trim();
    List<String> tools = null;
    List<String> include = null;
    String fingerprint = null;
    List<String> files = new ArrayList<>();
    for (int i = 1; i < block.size(); i++) {
      String line = block.get(i).substring(INDENT.length());
      if (line.startsWith("/")) {
        files.add(line);
      } else if (line.equals("tools") || line.startsWith("tools ")) {
        tools = words(line);
      } else if (line.equals("include") || line.startsWith("include ")) {
        include = words(line);
      } else if (line.startsWith("fingerprint ")) {
        fingerprint = line.substring("fingerprint ".length()).trim();
      } else {
        throw damaged(file, first + i + 1, "unexpected line \"" + line.trim() + "\"");
      }
    }
    if (tools == null || include == null || fingerprint == null) {
      throw damaged(file, first + 1, key + " lacks its tools, include or fingerprint line");
    }
    HostManifest manifest;
    try {
      manifest = HostManifest.parse(files);
    } catch (IllegalArgumentException e) {
      throw damaged(file, first + 1, key + ": " + e.getMessage());
    }
    if (!manifest.fingerprint().hex().equals(fingerprint)) {
      throw damaged(file, first + 1, key + "'s fingerprint is not that of the files listed (edited by hand?)");
    }
    try {
      return new Locked(key, new HostImport(tools, include), manifest);
    } catch (IllegalArgumentException e) {
      throw damaged(file, first + 1, key + ": " + e.getMessage());
    }
  }

  private static List<String> words(String line) {
    List<String> words = new ArrayList<>(Arrays.asList(line.trim().split("\\s+")));
    return words.subList(1, words.size());
  }

  private static RecipeException damaged(Path file, int line, String problem) {
    return new RecipeException(new SourceLocation(file.toString(), line), problem,
        "fix the line, or delete the lock and run kiln lock to write it afresh from the host");
  }

  /** Writes the lock (to a temporary file, then renamed over the old one). */
  public void write(Path file, String recipeName) throws IOException {
    StringBuilder text = new StringBuilder();
    text.append("# kiln lock for ").append(recipeName).append(": the host files each host_tools package imports,\n")
        .append("# with their sha256. Planning hashes a seed by the fingerprint here, not by the host, so a host\n")
        .append("# upgrade changes nothing until `kiln lock ").append(recipeName).append("` takes the host as it is.\n");
    for (Locked locked : imports.values()) {
      text.append('\n').append(HEADER).append(locked.key()).append('\n');
      text.append(INDENT).append(String.join(" ", prepend("tools", locked.request().tools()))).append('\n');
      text.append(INDENT).append(String.join(" ", prepend("include", locked.request().paths()))).append('\n');
      text.append(INDENT).append("fingerprint ").append(locked.manifest().fingerprint().hex()).append('\n');
      locked.manifest().lines().forEach(line -> text.append(INDENT).append(line).append('\n'));
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static List<String> prepend(String word, List<String> words) {
    List<String> all = new ArrayList<>(List.of(word));
    all.addAll(words);
    return all;
  }
}
