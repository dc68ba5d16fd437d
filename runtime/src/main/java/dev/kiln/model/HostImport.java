package dev.kiln.model;

import java.util.List;

/**
 * What a stage-0 package copies from the host: programs found on the host's PATH (with the shared
 * libraries they load, and a compiler's internal programs) and extra files or directories (headers,
 * crt files) copied at the same path.
 */
public record HostImport(List<String> tools, List<String> paths) {
  public HostImport {
    tools = List.copyOf(tools);
    paths = List.copyOf(paths);
    if (tools.isEmpty() && paths.isEmpty()) {
      throw new IllegalArgumentException("host_tools needs at least one program");
    }
    for (String path : paths) {
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("host_tools include: paths must be absolute, got \"" + path + "\"");
      }
    }
  }
}
