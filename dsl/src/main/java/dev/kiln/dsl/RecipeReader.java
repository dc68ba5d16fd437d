package dev.kiln.dsl;

import dev.kiln.model.UnpackLimits;
import dev.kiln.hash.Sha256;
import dev.kiln.model.BuildLimits;
import dev.kiln.model.Container;
import dev.kiln.model.ContainerRun;
import dev.kiln.model.EnvSpec;
import dev.kiln.model.ImageSpec;
import dev.kiln.model.Limits;
import dev.kiln.model.Dependency;
import dev.kiln.model.Durations;
import dev.kiln.model.HostImport;
import dev.kiln.model.Package;
import dev.kiln.model.Patch;
import dev.kiln.model.Phase;
import dev.kiln.model.Recipe;
import dev.kiln.model.RecipeException;
import dev.kiln.model.RepoRef;
import dev.kiln.model.Source;
import dev.kiln.model.SourceLocation;
import dev.kiln.model.Stage;
import dev.kiln.model.Step;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the plain data a recipe evaluation recorded (Ruby hashes and arrays, seen from Java as maps
 * and lists) into the runtime model, checking what Ruby could not: sha256 syntax, names, files.
 */
final class RecipeReader {
  private final Path recipeFile;

  private RecipeReader(Path recipeFile) {
    this.recipeFile = recipeFile;
  }

  static Recipe read(Path recipeFile, Map<String, Object> data) throws RecipeException {
    RecipeReader reader = new RecipeReader(recipeFile);
    if (data.get("error") != null) {
      throw reader.error(map(data.get("error")));
    }
    List<Package> packages = new ArrayList<>();
    for (Object pkg : list(data.get("packages"))) {
      packages.add(reader.pkg(map(pkg)));
    }
    List<Package> requests = new ArrayList<>();
    for (Object pkg : list(data.get("requests"))) {
      requests.add(reader.pkg(map(pkg)));
    }
    List<Path> mirrors = list(data.get("mirrors")).stream().map(m -> Path.of(m.toString())).toList();
    List<String> aptSources = list(data.get("apt_sources")).stream().map(RecipeReader::str).toList();
    List<Container> containers = new ArrayList<>();
    for (Object c : list(data.get("containers"))) {
      containers.add(reader.container(map(c)));
    }
    Map<String, Stage> stages = reader.stages(list(data.get("stages")));
    List<RepoRef> repos = new ArrayList<>();
    for (Object repo : list(data.get("repos"))) {
      repos.add(repo(map(repo)));
    }
    List<ContainerRun> runs = new ArrayList<>();
    for (Object r : list(data.get("runs"))) {
      runs.add(reader.run(map(r)));
    }
    List<EnvSpec> envs = new ArrayList<>();
    for (Object e : list(data.get("envs"))) {
      envs.add(reader.env(map(e)));
    }
    List<ImageSpec> images = new ArrayList<>();
    for (Object i : list(data.get("images"))) {
      images.add(reader.image(map(i)));
    }
    return new Recipe(recipeFile, stages, packages, mirrors, aptSources, containers, requests, repos, runs, envs, images);
  }

  /** Stages in declaration order; a stage may only be built from stages declared before it. */
  private Map<String, Stage> stages(List<Object> data) throws RecipeException {
    Map<String, Stage> stages = new LinkedHashMap<>();
    for (Object s : data) {
      Map<String, Object> stage = map(s);
      SourceLocation at = at(stage);
      String name = str(stage.get("name"));
      List<String> from = list(stage.get("from")).stream().map(RecipeReader::str).toList();
      for (String f : from) {
        if (!stages.containsKey(f)) {
          throw new RecipeException(at, "stage " + name + " is built from stage " + f + ", which is not declared before it",
              "declare stage :" + f + " first; stages are built in order");
        }
      }
      if (stages.containsKey(name)) {
        throw new RecipeException(at, "stage " + name + " is declared twice", "put its packages in one stage block");
      }
      try {
        boolean host = Boolean.TRUE.equals(stage.get("host"));
        stages.put(name, host ? new Stage(name, from, true, at) : Stage.hermetic(name, from, at));
      } catch (IllegalArgumentException e) {
        throw new RecipeException(at, e.getMessage(), null);
      }
    }
    return stages;
  }

  private Container container(Map<String, Object> data) throws RecipeException {
    SourceLocation at = at(data);
    List<Container.Bind> binds = new ArrayList<>();
    for (Object b : list(data.get("binds"))) {
      Map<String, Object> bind = map(b);
      binds.add(new Container.Bind(str(bind.get("host")), str(bind.get("at")), Boolean.TRUE.equals(bind.get("ro"))));
    }
    Map<String, String> env = new java.util.TreeMap<>();
    map(data.get("env")).forEach((k, v) -> env.put(k, str(v)));
    try {
      Limits asked = limits(map(data.get("limits")));
      return new Container(str(data.get("name")), str(data.get("stage")), strings(data.get("packages")),
          Boolean.TRUE.equals(data.get("network")), binds, new java.util.TreeMap<>(env), str(data.get("hostname")),
          Optional.ofNullable(data.get("workdir")).map(RecipeReader::str), strings(data.get("tmpfs")), asked, at);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new RecipeException(at, e.getMessage(), null);
    }
  }

  /** {@code limits memory: "512M", pids: 100}: what a container or a build may use. */
  private static Limits limits(Map<String, Object> limits) {
    Object memory = limits.get("memory");
    Object pids = limits.get("pids");
    return new Limits(memory == null ? 0 : Limits.parseMemory(str(memory)),
        pids == null ? 0 : Math.toIntExact(((Number) pids).longValue()));
  }

  /** A package's timeout, max_silent and limits. */
  private static BuildLimits buildLimits(Map<String, Object> data) {
    return new BuildLimits(duration(data.get("timeout"), "timeout"), duration(data.get("max_silent"), "max_silent"),
        limits(map(data.get("limits"))));
  }

  private static Optional<Duration> duration(Object value, String what) {
    try {
      return value == null ? Optional.empty() : Optional.of(Durations.parse(str(value)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
    }
  }

  private ContainerRun run(Map<String, Object> data) throws RecipeException {
    SourceLocation at = new SourceLocation(recipeFile.toString(), ((Number) data.get("line")).intValue());
    try {
      return new ContainerRun(str(data.get("container")), strings(data.get("command")), at);
    } catch (IllegalArgumentException e) {
      throw new RecipeException(at, e.getMessage(), null);
    }
  }

  private EnvSpec env(Map<String, Object> data) throws RecipeException {
    SourceLocation at = at(data);
    try {
      return new EnvSpec(str(data.get("name")), str(data.get("stage")), strings(data.get("packages")),
          strings(data.get("wins")), at);
    } catch (IllegalArgumentException e) {
      throw new RecipeException(at, e.getMessage(), "env \"base\", packages: %w[a b], wins: \"a\"");
    }
  }

  private ImageSpec image(Map<String, Object> data) throws RecipeException {
    SourceLocation at = at(data);
    try {
      return new ImageSpec(str(data.get("name")), str(data.get("stage")), strings(data.get("packages")),
          ImageSpec.Format.parse(str(data.get("format"))), strings(data.get("command")), at);
    } catch (IllegalArgumentException e) {
      throw new RecipeException(at, e.getMessage(), "image \"rootfs\", packages: %w[a b], format: :tar (or :dir, :oci)");
    }
  }

  private static List<String> strings(Object value) {
    return list(value).stream().map(RecipeReader::str).toList();
  }

  private SourceLocation at(Map<String, Object> data) {
    Object file = data.get("file");
    String shown = file == null ? recipeFile.toString() : Locations.display(Path.of(file.toString()));
    Object line = data.get("line");
    return new SourceLocation(shown, line == null ? 0 : ((Number) line).intValue());
  }

  /** One package's recorded data, as a prompt entry returns it. */
  static Package readPackage(Path recipeFile, Map<String, Object> data) throws RecipeException {
    return new RecipeReader(recipeFile).pkg(data);
  }

  /** A recorded error (file, line, message, hint) as the exception kiln reports. */
  static RecipeException readError(Path recipeFile, Map<String, Object> error) {
    return new RecipeReader(recipeFile).error(error);
  }

  private RecipeException error(Map<String, Object> error) {
    Object file = error.get("file");
    String shown = file == null ? recipeFile.toString() : Locations.display(Path.of(file.toString()));
    int line = error.get("line") == null ? 0 : ((Number) error.get("line")).intValue();
    Object hint = error.get("hint");
    return new RecipeException(new SourceLocation(shown, line), String.valueOf(error.get("message")),
        hint == null ? null : hint.toString());
  }

  private Package pkg(Map<String, Object> data) throws RecipeException {
    String file = Locations.display(Path.of(data.get("file").toString()));
    SourceLocation at = new SourceLocation(file, ((Number) data.get("line")).intValue());
    Path dir = Path.of(data.get("dir").toString());
    try {
      Package.Builder pkg = Package.builder(str(data.get("name")), str(data.get("version")))
          .stage(str(data.get("stage")))
          .declaredAt(at);
      for (Object s : list(data.get("sources"))) {
        pkg.source(source(map(s), dir, file));
      }
      for (Object p : list(data.get("patches"))) {
        Map<String, Object> patch = map(p);
        pkg.patch(new Patch(source(patch, dir, file), ((Number) patch.get("strip")).intValue()));
      }
      for (Object d : list(data.get("deps"))) {
        List<Object> dep = list(d);
        pkg.dependsOn(Dependency.parse(str(dep.get(0)), new SourceLocation(file, ((Number) dep.get(1)).intValue())));
      }
      for (Map.Entry<String, Object> e : map(data.get("env")).entrySet()) {
        pkg.env(e.getKey(), str(e.getValue()));
      }
      Map<String, Object> host = map(data.get("host"));
      if (!host.isEmpty()) {
        pkg.hostImport(new HostImport(list(host.get("tools")).stream().map(RecipeReader::str).toList(),
            list(host.get("paths")).stream().map(RecipeReader::str).toList()));
      }
      pkg.limits(buildLimits(data));
      list(data.get("provides")).forEach(p -> pkg.provides(str(p)));
      list(data.get("conflicts")).forEach(c -> pkg.conflicts(str(c)));
      for (Object p : list(data.get("phases"))) {
        List<Object> phase = list(p);
        pkg.phase(new Phase(str(phase.get(0)), steps(phase.get(1))));
      }
      return pkg.build();
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new RecipeException(at, e.getMessage(), null);
    }
  }

  private Source source(Map<String, Object> data, Path dir, String file) throws RecipeException {
    String url = str(data.get("url"));
    SourceLocation at = new SourceLocation(file, ((Number) data.get("line")).intValue());
    URI location = locate(url, dir, at);
    Object given = data.get("sha256");
    Object name = data.get("file");
    Sha256 sha256;
    try {
      sha256 = given != null ? Sha256.of(given.toString()) : localHash(location, url, at);
      String fileName = name == null ? Source.of(location, sha256).fileName() : name.toString();
      return new Source(location, sha256, fileName, unpackLimits(data));
    } catch (IllegalArgumentException e) {
      throw new RecipeException(at, e.getMessage() + " (source " + url + ")", null);
    }
  }

  /** The source's max_size: and max_ratio:, each the default where the recipe leaves it out. */
  private static UnpackLimits unpackLimits(Map<String, Object> data) {
    UnpackLimits limits = UnpackLimits.DEFAULT;
    Object maxSize = data.get("max_size");
    if (maxSize != null) {
      limits = limits.withMaxBytes(UnpackLimits.parseSize(maxSize.toString()));
    }
    Object maxRatio = data.get("max_ratio");
    if (maxRatio != null) {
      limits = limits.withMaxRatio(UnpackLimits.parseRatio(maxRatio.toString()));
    }
    return limits;
  }

  private static URI locate(String url, Path dir, SourceLocation at) throws RecipeException {
    if (url.startsWith("http://") || url.startsWith("https://") || url.startsWith("file:")) {
      try {
        return new URI(url);
      } catch (URISyntaxException e) {
        throw new RecipeException(at, "not a valid URL: " + url, e.getReason());
      }
    }
    if (url.contains("://")) {
      throw new RecipeException(at, "unsupported URL scheme: " + url, "use http://, https://, file: or a path relative to the recipe");
    }
    return dir.resolve(url).normalize().toUri();
  }

  /** A local file needs no sha256 in the recipe: it is hashed now, as Nix hashes local paths. */
  private static Sha256 localHash(URI location, String url, SourceLocation at) throws RecipeException {
    if (!"file".equals(location.getScheme())) {
      throw new RecipeException(at, "source " + url + " has no sha256",
          "add sha256: \"...\" (run sha256sum on the file; kiln names the actual hash when they differ)");
    }
    Path path = Path.of(location);
    try {
      return Sha256.ofFile(path);
    } catch (IOException e) {
      throw new RecipeException(at, "cannot read source " + url + ": no such file " + path, "paths are relative to the recipe's directory");
    }
  }

  private static RepoRef repo(Map<String, Object> data) throws RecipeException {
    SourceLocation at = new SourceLocation(Locations.display(Path.of(data.get("file").toString())),
        ((Number) data.get("line")).intValue());
    Object url = data.get("url");
    Optional<Path> key = Optional.ofNullable(data.get("key")).map(k -> Path.of(k.toString()));
    try {
      URI location = url != null ? new URI(url.toString()) : Path.of(data.get("path").toString()).toUri();
      return new RepoRef(str(data.get("name")), location, key, Boolean.TRUE.equals(data.get("trusted")), at);
    } catch (URISyntaxException e) {
      throw new RecipeException(at, "not a valid URL: " + url, e.getReason());
    } catch (IllegalArgumentException e) {
      throw new RecipeException(at, e.getMessage(), null);
    }
  }

  private static List<Step> steps(Object data) {
    List<Step> steps = new ArrayList<>();
    for (Object s : list(data)) {
      List<Object> step = list(s);
      String kind = str(step.get(0));
      List<String> args = step.subList(1, step.size()).stream().map(RecipeReader::str).toList();
      steps.add(switch (kind) {
        case "sh" -> new Step.Sh(args.get(0));
        case "cd" -> new Step.Cd(args.get(0));
        case "run" -> new Step.Run(args);
        default -> throw new IllegalArgumentException("unknown step kind " + kind);
      });
    }
    return steps;
  }

  private static String str(Object value) {
    return value == null ? "" : value.toString();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value == null ? Map.of() : (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    return value == null ? List.of() : (List<Object>) value;
  }

}
