package dev.kiln.repo;

import dev.kiln.sandbox.RootView;
import dev.kiln.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A root directory that installs land in, as numbered generations: each generation is a merged
 * {@code usr} forest of its packages (pointing at {@code /kiln/store}, where kiln's containers mount
 * the store) with {@code bin}, {@code lib} and {@code lib64} links, and {@code current} names the
 * live one. Switching renames a new symlink over {@code current}, so a crash leaves the old
 * generation or the new one, never a mix.
 */
public final class InstallRoot {
  private static final String GENERATIONS = "generations";
  private static final String CURRENT = "current";
  private static final Pattern NUMBER = Pattern.compile("(\\d+)");

  private final Path root;

  private InstallRoot(Path root) {
    this.root = root;
  }

  public static InstallRoot open(Path root) throws IOException {
    Files.createDirectories(root.resolve(GENERATIONS));
    return new InstallRoot(root.toAbsolutePath().normalize());
  }

  /** A generation: its number, directory, and the store entries it holds. */
  public record Generation(int number, Path dir, List<String> packages) {}

  /** Builds a new generation of {@code storeNames} and makes it current. */
  public Generation switchTo(Store store, List<String> storeNames) throws IOException {
    int number = next();
    Path dir = root.resolve(GENERATIONS).resolve(Integer.toString(number));
    Path building = root.resolve(GENERATIONS).resolve(number + ".tmp-" + ProcessHandle.current().pid());
    Files.createDirectories(building);
    List<RootView.Input> inputs = new ArrayList<>();
    for (String name : store.runtimeClosure(storeNames)) {
      inputs.add(new RootView.Input(store.entry(name), Store.containerPath(name)));
    }
    RootView.create(building.resolve("usr"), inputs);
    for (Map.Entry<String, String> link : RootView.ROOT_LINKS.entrySet()) {
      Files.createSymbolicLink(building.resolve(link.getKey().substring(1)), Path.of(link.getValue()));
    }
    Files.write(building.resolve("packages"), storeNames, StandardCharsets.UTF_8);
    Files.move(building, dir, StandardCopyOption.ATOMIC_MOVE);
    Path link = root.resolve(CURRENT + ".tmp-" + ProcessHandle.current().pid());
    Files.deleteIfExists(link);
    Files.createSymbolicLink(link, Path.of(GENERATIONS, Integer.toString(number)));
    Files.move(link, root.resolve(CURRENT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return new Generation(number, dir, List.copyOf(storeNames));
  }

  private int next() throws IOException {
    int highest = 0;
    try (var entries = Files.list(root.resolve(GENERATIONS))) {
      for (Path p : (Iterable<Path>) entries::iterator) {
        Matcher m = NUMBER.matcher(p.getFileName().toString());
        if (m.matches()) {
          highest = Math.max(highest, Integer.parseInt(m.group(1)));
        }
      }
    }
    return highest + 1;
  }
}
