package dev.kiln.env;

import java.nio.file.Path;

/**
 * A process that switches a profile back and forth between two environments forever, for
 * {@link ProfileCrashTest} to kill at random points: {@code ProfileSwitcher HOME PROFILE ENV_A ENV_B}.
 */
public final class ProfileSwitcher {
  private ProfileSwitcher() {}

  public static void main(String[] args) throws Exception {
    Profiles profiles = new Profiles(Path.of(args[0]));
    // One switch first, so the classes are loaded and the kills land in switches, not in start-up.
    profiles.switchTo(args[1], args[2]);
    System.out.println("switching");
    System.out.flush();
    for (long i = 1; ; i++) {
      profiles.switchTo(args[1], args[2 + (int) (i % 2)]);
    }
  }
}
