package dev.kiln.fetch;

import dev.kiln.model.Source;

/** Progress of fetches, for users; every method does nothing unless overridden. */
public interface FetchListener {
  /** About to try {@code from} (a mirror's description or the source's URL). */
  default void fetching(Source source, String from) {}

  /** {@code bytes} received so far, out of {@code totalOrMinusOne} when the size is known. */
  default void progress(Source source, long bytes, long totalOrMinusOne) {}

  /** The source is verified and cached; {@code from} says where it came from. */
  default void fetched(Source source, String from) {}

  static FetchListener silent() {
    return new FetchListener() {};
  }
}
