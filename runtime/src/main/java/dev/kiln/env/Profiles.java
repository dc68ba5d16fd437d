package dev.kiln.env;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Profiles under {@code <home>/profiles}, as Nix keeps them: {@code NAME} is a symbolic link to
 * {@code NAME-N-link}, generation N, itself a link to an environment in the store. Switching writes
 * the new generation's link, then a temporary link to it, and renames that over {@code NAME}:
 * rename(2) replaces the link in one step, so a crash at any point leaves {@code NAME} on the old
 * generation or on the new one, each complete (environments are whole store entries).
 */
public final class Profiles {
  public static final String DIR = "profiles";
  private static final Pattern GENERATION = Pattern.compile("(.+)-([0-9]+)-link");

  private final Path dir;

  public Profiles(Path home) {
    this.dir = home.resolve(DIR);
  }

  /** One generation of a profile: its number, the environment's store name, and whether it is current. */
  public record Generation(int number, String env, boolean current) {}

  /** Makes {@code envEntry} the profile's new generation; returns its number. */
  public int switchTo(String profile, String envEntry) throws IOException {
    Files.createDirectories(dir);
    int next = generations(profile).keySet().stream().reduce(0, Math::max) + 1;
    Path link = dir.resolve(profile + "-" + next + "-link");
    // A link left by a switch killed before its rename is a complete generation; take the next number.
    while (Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      next++;
      link = dir.resolve(profile + "-" + next + "-link");
    }
    Files.createSymbolicLink(link, Path.of("..", "store", envEntry));
    point(profile, link.getFileName().toString());
    return next;
  }

  /** Points the profile back at the generation before the current one; returns its number. */
  public int rollback(String profile) throws IOException {
    int current = current(profile).orElseThrow(() -> new NoSuchFileException(dir.resolve(profile).toString(), null,
        "no profile named " + profile));
    Optional<Integer> previous = generations(profile).keySet().stream().filter(n -> n < current).reduce(Math::max);
    if (previous.isEmpty()) {
      throw new IOException("profile " + profile + " has no generation before " + current + " to roll back to");
    }
    point(profile, profile + "-" + previous.get() + "-link");
    return previous.get();
  }

  /** The profile's generations by number. */
  public TreeMap<Integer, String> generations(String profile) throws IOException {
    TreeMap<Integer, String> gens = new TreeMap<>();
    if (!Files.isDirectory(dir)) {
      return gens;
    }
    try (DirectoryStream<Path> links = Files.newDirectoryStream(dir, "*-link")) {
      for (Path link : links) {
        Matcher m = GENERATION.matcher(link.getFileName().toString());
        if (m.matches() && m.group(1).equals(profile)) {
          gens.put(Integer.parseInt(m.group(2)), Files.readSymbolicLink(link).getFileName().toString());
        }
      }
    }
    return gens;
  }

  /** The generation the profile points at, if it exists. */
  public Optional<Integer> current(String profile) throws IOException {
    Path link = dir.resolve(profile);
    if (!Files.isSymbolicLink(link)) {
      return Optional.empty();
    }
    Matcher m = GENERATION.matcher(Files.readSymbolicLink(link).toString());
    return m.matches() ? Optional.of(Integer.parseInt(m.group(2))) : Optional.empty();
  }

  /** Every profile's name. */
  public List<String> names() throws IOException {
    List<String> names = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return names;
    }
    try (DirectoryStream<Path> all = Files.newDirectoryStream(dir)) {
      for (Path p : all) {
        String name = p.getFileName().toString();
        if (Files.isSymbolicLink(p) && !GENERATION.matcher(name).matches() && !name.startsWith(".")) {
          names.add(name);
        }
      }
    }
    names.sort(null);
    return names;
  }

  /** The profile's generations in order, the current one marked. */
  public List<Generation> list(String profile) throws IOException {
    Optional<Integer> current = current(profile);
    List<Generation> list = new ArrayList<>();
    generations(profile).forEach((n, env) -> list.add(new Generation(n, env, current.equals(Optional.of(n)))));
    return list;
  }

  /** The environments every generation of every profile holds: roots for kiln gc. */
  public List<String> roots() throws IOException {
    List<String> roots = new ArrayList<>();
    for (String name : names()) {
      roots.addAll(generations(name).values());
    }
    return roots;
  }

  /** The profile's directory as the user puts it on PATH ({@code .../profiles/NAME/bin}). */
  public Path path(String profile) {
    return dir.resolve(profile);
  }

  private void point(String profile, String generationLink) throws IOException {
    Path tmp = dir.resolve("." + profile + ".tmp-" + ProcessHandle.current().pid() + "-"
        + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    Files.createSymbolicLink(tmp, Path.of(generationLink));
    try {
      Files.move(tmp, dir.resolve(profile), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
