package dev.kiln.store;

import dev.kiln.plan.PlannedPackage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds which store entries an output refers to, the way Nix does: by looking for their hashes in
 * its bytes (file contents and link targets). What an output refers to is what it needs at run
 * time; a static busybox refers to nothing, so a container of it holds nothing else.
 */
public final class References {
  private static final int HASH = PlannedPackage.STORE_HASH_DIGITS;

  private References() {}

  /** The store names among {@code candidates} whose hash occurs somewhere in {@code tree}. */
  public static Set<String> scan(Path tree, Collection<String> candidates) throws IOException {
    Map<String, String> byHash = new HashMap<>();
    for (String name : candidates) {
      byHash.put(name.substring(name.length() - HASH), name);
    }
    Set<String> found = new TreeSet<>();
    if (byHash.isEmpty()) {
      return found;
    }
    Files.walkFileTree(tree, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (attrs.isSymbolicLink()) {
          match(Files.readSymbolicLink(file).toString().getBytes(StandardCharsets.UTF_8), byHash, found);
        } else if (attrs.isRegularFile()) {
          scanFile(file, byHash, found);
        }
        return FileVisitResult.CONTINUE;
      }
    });
    return found;
  }

  private static void scanFile(Path file, Map<String, String> byHash, Set<String> found) throws IOException {
    byte[] buffer = new byte[1 << 20];
    int carry = 0;
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer, carry, buffer.length - carry)) > 0; ) {
        int end = carry + n;
        match(java.util.Arrays.copyOf(buffer, end), byHash, found);
        // Keep the tail so that a hash split across two reads is still seen.
        carry = Math.min(HASH - 1, end);
        System.arraycopy(buffer, end - carry, buffer, 0, carry);
      }
    }
  }

  /** Looks at every run of lower-case hex digits at least a hash long: such runs are rare in binaries. */
  private static void match(byte[] bytes, Map<String, String> byHash, Set<String> found) {
    int run = 0;
    for (int i = 0; i <= bytes.length; i++) {
      boolean hex = i < bytes.length && (bytes[i] >= '0' && bytes[i] <= '9' || bytes[i] >= 'a' && bytes[i] <= 'f');
      if (hex) {
        run++;
        continue;
      }
      for (int start = i - run; run >= HASH && start + HASH <= i; start++) {
        String name = byHash.get(new String(bytes, start, HASH, StandardCharsets.US_ASCII));
        if (name != null) {
          found.add(name);
        }
      }
      run = 0;
    }
  }
}
