package dev.kiln.dsl;

import dev.kiln.hash.Sha256;
import dev.kiln.model.Recipe;
import dev.kiln.model.RecipeException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Evaluated recipes kept on disk, so that a command whose recipe and everything the recipe read
 * are as they were skips JRuby altogether: the recorded data is read back and checked by the same
 * {@link RecipeReader} as a fresh evaluation (local sources are hashed again there).
 *
 * <p>An entry is keyed by the recipe's path and the working directory and holds a fingerprint of
 * the recipe language (dsl.rb and the libraries), every input with its state when it was read, and
 * the data. It is used only when the fingerprint and every input's state match now. Evaluations
 * that looked at something kiln cannot check again (a command's output, a deep glob) are not kept,
 * nor are those whose inputs changed while they ran. Entries are written whole and renamed into
 * place, so concurrent kiln processes only ever see complete entries.
 */
public final class EvaluationCache {
  private static final String FORMAT = "kiln evaluation cache 2";
  /** A file changed this close to an evaluation's start may have changed while it was read. */
  private static final long RACY_MILLIS = 2_000;

  private final Path dir;
  private final String fingerprint;

  private EvaluationCache(Path dir, String fingerprint) {
    this.dir = dir;
    this.fingerprint = fingerprint;
  }

  /** A cache in {@code dir} for recipes evaluated with the DSL and these libraries. */
  public static EvaluationCache in(Path dir, List<String> libraries) {
    ByteArrayOutputStream language = new ByteArrayOutputStream();
    language.writeBytes(FORMAT.getBytes(StandardCharsets.UTF_8));
    List<String> files = new ArrayList<>(List.of("kiln/dsl"));
    files.addAll(libraries);
    for (String lib : files) {
      language.writeBytes(("\0" + lib + "\0").getBytes(StandardCharsets.UTF_8));
      try (InputStream in = EvaluationCache.class.getClassLoader().getResourceAsStream(lib + ".rb")) {
        language.writeBytes(in == null ? new byte[0] : in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new EvaluationCache(dir, Sha256.ofBytes(language.toByteArray()).hex());
  }

  /** No cache: every evaluation runs, nothing is kept. */
  public static EvaluationCache disabled() {
    return new EvaluationCache(null, "");
  }

  /**
   * The recipe as evaluated before, if that evaluation is still good. Any doubt (a changed input,
   * another kiln version, an unreadable entry) is a miss, never an error.
   */
  public Optional<Recipe> lookup(Path recipeFile) throws RecipeException {
    if (dir == null) {
      return Optional.empty();
    }
    Path abs = recipeFile.toAbsolutePath().normalize();
    Optional<Map<String, Object>> data = read(entry(abs), abs);
    return data.isEmpty() ? Optional.empty() : Optional.of(RecipeReader.read(abs, data.get()));
  }

  /**
   * Keeps an evaluation's data for later, unless it read something that cannot be checked again
   * or changed while it ran ({@code startedMillis}: when the evaluation began).
   */
  void remember(Path abs, Map<String, Object> data, List<RecordedInput> inputs, long startedMillis) {
    if (dir == null || inputs.stream().anyMatch(i -> i.kind() == RecordedInput.Kind.OPAQUE)) {
      return;
    }
    try {
      for (RecordedInput input : inputs) {
        if (input.touchedSince(startedMillis - RACY_MILLIS)) {
          return;
        }
      }
      write(entry(abs), abs, data, inputs);
    } catch (IOException | PlainData.NotPlainException e) {
      // A cache that cannot be written costs the next run an evaluation, nothing more.
    }
  }

  private Path entry(Path abs) {
    String cwd = Path.of("").toAbsolutePath().toString();
    return dir.resolve(Sha256.ofString(abs + "\0" + cwd).prefix(32));
  }

  private Optional<Map<String, Object>> read(Path entry, Path abs) {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(entry), 1 << 16))) {
      if (!PlainData.readString(in).equals(fingerprint) || !PlainData.readString(in).equals(abs.toString())) {
        return Optional.empty();
      }
      int inputs = in.readInt();
      for (int i = 0; i < inputs; i++) {
        RecordedInput input = new RecordedInput(RecordedInput.Kind.values()[in.readByte()], PlainData.readString(in));
        String state = PlainData.readString(in);
        String stat = PlainData.readString(in);
        if ((stat.isEmpty() || !stat.equals(input.stat())) && !state.equals(input.state())) {
          return Optional.empty();
        }
      }
      return Optional.of(RecipeEvaluator.asMap(PlainData.read(in)));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // no entry yet, or one from a crashed writer's disk: evaluate
    }
  }

  private void write(Path entry, Path abs, Map<String, Object> data, List<RecordedInput> inputs)
      throws IOException, PlainData.NotPlainException {
    Files.createDirectories(dir);
    Path scratch = Files.createTempFile(dir, ".new-", "");
    try {
      try (OutputStream file = Files.newOutputStream(scratch);
          DataOutputStream out = new DataOutputStream(new BufferedOutputStream(file, 1 << 16))) {
        PlainData.writeString(out, fingerprint);
        PlainData.writeString(out, abs.toString());
        out.writeInt(inputs.size());
        for (RecordedInput input : inputs) {
          out.writeByte(input.kind().ordinal());
          PlainData.writeString(out, input.key());
          PlainData.writeString(out, input.state());
          PlainData.writeString(out, input.stat());
        }
        PlainData.write(out, data);
      }
      Files.move(scratch, entry, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(scratch);
    }
  }
}
