package dev.kiln.host;

import dev.kiln.hash.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The files a host import copies, one line each, sorted by path: {@code /usr/bin/gcc-12 x SHA256}
 * (a file, {@code x} executable or {@code -}), {@code /usr/bin/cc -> gcc-12} (a link) or
 * {@code /usr/include/} (a directory). Its fingerprint is taken over exactly these lines, so a lock
 * file or a store record that keeps them says everything the seed's hash covered.
 *
 * @param entries host path to what is there: {@code "x SHA256"}, {@code "- SHA256"}, {@code "-> TARGET"}
 *     or {@code "/"} for a directory
 */
public record HostManifest(SortedMap<String, String> entries) {
  /** Bump when the lines change meaning: every seed's hash changes with it. */
  private static final String VERSION = "kiln-host-manifest-v1\n";
  private static final String DIRECTORY = "/";

  public HostManifest {
    entries = Collections.unmodifiableSortedMap(new TreeMap<>(entries));
  }

  /**
   * Whether any execute bit is set: the mode, not {@code access(2)}, which answers for the user asking
   * (root may run any file with one bit set; another user not a file only its owner may run).
   */
  static boolean executable(java.nio.file.Path file) throws java.io.IOException {
    java.util.Set<java.nio.file.attribute.PosixFilePermission> mode = java.nio.file.Files.getPosixFilePermissions(file);
    return mode.contains(java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE)
        || mode.contains(java.nio.file.attribute.PosixFilePermission.GROUP_EXECUTE)
        || mode.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE);
  }

  static String file(boolean executable, Sha256 content) {
    return (executable ? "x " : "- ") + content.hex();
  }

  static String link(String target) {
    return "-> " + target;
  }

  static String directory() {
    return DIRECTORY;
  }

  /** The manifest's lines, as written to a lock file or a record. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>(entries.size());
    entries.forEach((path, what) -> lines.add(what.equals(DIRECTORY) ? path + "/" : path + " " + what));
    return lines;
  }

  /** Reads lines written by {@link #lines()}; fails with the offending line's text. */
  public static HostManifest parse(List<String> lines) {
    TreeMap<String, String> entries = new TreeMap<>();
    for (String line : lines) {
      String[] parsed = parseLine(line);
      entries.put(parsed[0], parsed[1]);
    }
    return new HostManifest(entries);
  }

  /** One line as {path, what}; an {@link IllegalArgumentException} names a line that is neither. */
  static String[] parseLine(String line) {
    if (!line.startsWith("/")) {
      throw new IllegalArgumentException("not a host file line: \"" + line + "\"");
    }
    if (line.endsWith("/")) {
      return new String[] {line.substring(0, line.length() - 1), DIRECTORY};
    }
    int arrow = line.indexOf(" -> ");
    if (arrow > 0) {
      return new String[] {line.substring(0, arrow), line.substring(arrow + 1)};
    }
    int hash = line.lastIndexOf(' ');
    int mode = hash > 0 ? line.lastIndexOf(' ', hash - 1) : -1;
    String flag = mode > 0 ? line.substring(mode + 1, hash) : "";
    if (!flag.matches("[x-]") || !line.substring(hash + 1).matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("not a host file line (PATH x|- SHA256, PATH -> TARGET or PATH/): \""
          + line + "\"");
    }
    return new String[] {line.substring(0, mode), line.substring(mode + 1)};
  }

  /** The hash a host import contributes to its package's hash: over exactly {@link #lines()}. */
  public Sha256 fingerprint() {
    MessageDigest digest = Sha256.newDigest();
    digest.update(VERSION.getBytes(StandardCharsets.UTF_8));
    for (String line : lines()) {
      digest.update((line + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return Sha256.fromDigest(digest);
  }

  /** How many regular files it holds. */
  public int fileCount() {
    return (int) entries.values().stream().filter(v -> !v.equals(DIRECTORY) && !v.startsWith("->")).count();
  }

  /** One line per path that differs from {@code before}: {@code /usr/bin/gcc-12 changed}, {@code ... added}, {@code ... removed}. */
  public List<String> changesSince(HostManifest before) {
    TreeSet<String> paths = new TreeSet<>(entries.keySet());
    paths.addAll(before.entries.keySet());
    List<String> changes = new ArrayList<>();
    for (String path : paths) {
      String now = entries.get(path);
      String then = before.entries.get(path);
      if (!Objects.equals(now, then)) {
        changes.add(path + (then == null ? " added" : now == null ? " removed" : " changed"));
      }
    }
    return changes;
  }

  /** The first few changes in one line: {@code /usr/bin/gcc-12 changed, /usr/bin/f added and 3 more}. */
  public static String summary(List<String> changes) {
    int shown = Math.min(3, changes.size());
    String text = String.join(", ", changes.subList(0, shown));
    return changes.size() > shown ? text + " and " + (changes.size() - shown) + " more" : text;
  }

  /** The entries as a map, for callers that walk them. */
  public Map<String, String> asMap() {
    return entries;
  }
}
