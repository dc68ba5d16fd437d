package dev.kiln.model;

import java.util.List;

/**
 * A scope of packages. {@code from} names the stages whose outputs form this stage's toolchain, in
 * the order their programs are found; {@code importsHost} says whether builds see the host's /usr,
 * /bin and /lib. Only the implicit default stage does: declared stages are hermetic, and a stage 0
 * brings host programs in as a package with {@code host_tools}.
 */
public record Stage(String name, List<String> from, boolean importsHost, SourceLocation declaredAt) {
  /** Where packages declared outside any stage live: they build with the host's tools. */
  public static final Stage DEFAULT = new Stage("default", List.of(), true, SourceLocation.UNKNOWN);

  public Stage {
    Names.check("stage", name);
    from = List.copyOf(from);
  }

  /** A hermetic stage whose toolchain is the outputs of {@code from}. */
  public static Stage hermetic(String name, List<String> from, SourceLocation at) {
    return new Stage(name, from, false, at);
  }
}
