package dev.kiln.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptTest {
  @Test
  void run_step_keeps_words_with_spaces_together_but_lets_variables_expand() {
    Step step = Step.Run.of("./configure", List.of("--prefix=$out", "CFLAGS=-O2 -g", "say \"hi\""));
    assertEquals("./configure --prefix=$out \"CFLAGS=-O2 -g\" \"say \\\"hi\\\"\"", step.render());
  }

  @Test
  void cd_step_quotes_its_directory_literally() {
    assertEquals("cd 'my dir'", new Step.Cd("my dir").render());
  }

  @Test
  void script_has_patches_then_build_then_check_steps_in_order() {
    Package pkg = Package.builder("hello", "1.0")
        .patch(new Patch(Source.of(java.net.URI.create("file:/x/fix.patch"), dev.kiln.hash.Sha256.ofString("p")), 1))
        .step(new Step.Sh("make"))
        .check(new Step.Sh("make check"))
        .build();
    String script = pkg.script();
    int patch = script.indexOf("patch -p1 < /kiln/patches/0-fix.patch");
    int make = script.indexOf("\nmake\n");
    int check = script.indexOf("\nmake check\n");
    assertTrue(patch > 0 && make > patch && check > make, script);
    assertTrue(script.startsWith("#!/bin/sh\n"), script);
    assertTrue(script.contains("set -eu\n"), script);
  }

  @Test
  void script_holds_no_host_path() {
    Package pkg = Package.builder("hello", "1.0")
        .source(Source.of(java.net.URI.create("file:/home/someone/src/hello-1.0.tar.gz"), dev.kiln.hash.Sha256.ofString("s")))
        .step(new Step.Sh("make install PREFIX=$out"))
        .build();
    assertTrue(!pkg.script().contains("/home/someone"), pkg.script());
  }

  @Test
  void package_names_that_would_break_store_paths_are_refused() {
    assertThrows(IllegalArgumentException.class, () -> Package.builder("../evil", "1.0").build());
    assertThrows(IllegalArgumentException.class, () -> Package.builder("ok", "1 0").build());
  }
}
