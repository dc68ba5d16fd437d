package dev.kiln.host;

import java.nio.file.Path;

/**
 * The host files a host import's package is planned with, and where that list came from: a seed is
 * hashed by {@link #manifest()}'s fingerprint, and its build must copy exactly those files.
 *
 * @param root the directory the host's files are read below ({@code /} for the real host)
 * @param source where the manifest came from, as people read it: {@code bootstrap.lock}, {@code the host}
 * @param update the command that takes the host as it is now into the source, or empty when none is needed
 */
public record HostSeal(HostManifest manifest, Path root, String source, String update) {}
