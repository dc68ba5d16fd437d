package dev.kiln.archive;

import java.util.List;

/**
 * What an unpack did besides writing the tree.
 *
 * @param bytes the bytes of file content written
 * @param skipped the special entries skipped (devices, fifos, sockets, and hard links to them), each once as
 *     "NAME (WHAT)", e.g. "dev/null (a character device)", in archive order; at most the first thousand
 * @param skippedCount how many entries were skipped, listed or not
 */
public record Unpacked(long bytes, List<String> skipped, int skippedCount) {
  public Unpacked {
    skipped = List.copyOf(skipped);
  }
}
