package dev.kiln.cli.repl;

/** The person at the prompt pressed Ctrl-C during a build; the store holds what was finished. */
final class BuildCancelledException extends Exception {
  BuildCancelledException(String what) {
    super(what + " cancelled; the store holds only finished builds");
  }
}
