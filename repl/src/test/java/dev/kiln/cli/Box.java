package dev.kiln.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small hermetic recipe for container tests that builds in seconds: host programs imported into a
 * seed, and a package whose script names the seed's shell by store path, so the seed is part of its
 * run-time closure (as a dynamically linked program's libc would be).
 */
final class Box {
  static final String RECIPE = """
      stage :seed, host: true do
        host_tools "seed", %w[sh cat ls mkdir sleep readlink touch chmod]
      end
      stage :final, from: :seed do
        package "tool", "1" do
          build do
            sh "mkdir -p #{prefix}/bin"
            sh "printf '#!%s\\\\necho tool ran\\\\n' \\"$(readlink -f /usr/bin/sh)\\" > #{prefix}/bin/tool"
            sh "chmod +x #{prefix}/bin/tool"
          end
        end
      end
      container "box", stage: :final, packages: %w[tool] do
        hostname "boxhost"
        ro_bind "data", at: "/data"
        tmpfs "/scratch"
        workdir "/data"
        env "GREETING", "hi"
      end
      """;

  private Box() {}

  /** Writes the recipe (plus {@code extra}) and its data directory into {@code dir}; returns the recipe. */
  static Path write(Path dir, String extra) throws Exception {
    Files.createDirectories(dir.resolve("data"));
    Files.writeString(dir.resolve("data/f"), "from the host\n");
    return Files.writeString(dir.resolve("recipe.rb"), RECIPE + extra);
  }
}
