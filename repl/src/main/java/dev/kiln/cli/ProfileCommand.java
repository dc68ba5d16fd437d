package dev.kiln.cli;

import dev.kiln.env.Profiles;
import dev.kiln.model.Recipe;
import dev.kiln.store.StoreLock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "profile", description = {"Profiles: named, numbered generations of environments, switched atomically."},
    subcommands = {ProfileCommand.Switch.class, ProfileCommand.ListGenerations.class, ProfileCommand.Rollback.class})
final class ProfileCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("kiln profile: give switch, list or rollback (kiln profile --help)");
    return Main.USAGE;
  }

  @Command(name = "switch", description = "Builds the recipe's env ENV and makes it the profile's new generation.")
  static final class Switch implements Callable<Integer> {
    @Mixin Options options = new Options();

    @Mixin RecipeFile recipeFile = new RecipeFile();

    @Parameters(index = "0", paramLabel = "PROFILE") String profile;

    @Parameters(index = "1", paramLabel = "ENV") String env;

    @Override
    @SuppressWarnings("try") // the gc lock is held for the scope, never read
    public Integer call() throws InterruptedException {
      Session session = new Session(options);
      return session.guard(() -> {
        if (!profile.matches("[A-Za-z0-9][A-Za-z0-9._+]*")) {
          System.err.println("kiln: error: a profile name is letters, digits, . _ + (not " + profile + ")");
          return Main.USAGE;
        }
        Recipe recipe = session.recipe(recipeFile.file);
        try (StoreLock.Hold inUse = session.store().gcLock().shared()) {
          String entry = EnvLaunch.build(session, recipe, EnvLaunch.named(recipe, env));
          Profiles profiles = new Profiles(session.store().home());
          int generation = profiles.switchTo(profile, entry);
          System.err.printf("kiln: profile %s is generation %d: %s%n", profile, generation, entry);
          System.out.println(profiles.path(profile));
        }
        return Main.OK;
      });
    }
  }

  @Command(name = "list", description = "Every profile's generations; the current one is marked (current).")
  static final class ListGenerations implements Callable<Integer> {
    @Mixin Options options = new Options();

    @Parameters(paramLabel = "PROFILE", description = "Profiles to list (default: all).")
    List<String> names = new java.util.ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
      Session session = new Session(options);
      return session.guard(() -> {
        Profiles profiles = new Profiles(session.store().home());
        for (String name : names.isEmpty() ? profiles.names() : names) {
          System.out.println(name);
          for (Profiles.Generation g : profiles.list(name)) {
            System.out.printf("  %4d  %s%s%n", g.number(), g.env(), g.current() ? "  (current)" : "");
          }
        }
        return Main.OK;
      });
    }
  }

  @Command(name = "rollback", description = "Points the profile back at the generation before its current one.")
  static final class Rollback implements Callable<Integer> {
    @Mixin Options options = new Options();

    @Parameters(index = "0", paramLabel = "PROFILE") String profile;

    @Override
    public Integer call() throws InterruptedException {
      Session session = new Session(options);
      return session.guard(() -> {
        int generation = new Profiles(session.store().home()).rollback(profile);
        System.err.printf("kiln: profile %s is back at generation %d%n", profile, generation);
        return Main.OK;
      });
    }
  }
}
