package dev.kiln.image;

import dev.kiln.hash.Sha256;
import dev.kiln.model.ImageSpec;
import dev.kiln.store.Store;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Root file system images as store entries named {@code NAME-image-HASH}, the hash over the closure
 * (entry names name their contents), the format and the command: {@code image.tar}, a {@code root/}
 * directory, or an {@code oci/} layout inside. An image holds copies of what it needs and refers to
 * no other entry.
 */
public final class Images {
  private Images() {}

  public static String storeName(String name, List<String> closure, ImageSpec.Format format, List<String> command) {
    String text = "kiln-image-1\n" + format.word() + "\n" + String.join(" ", command) + "\n" + String.join("\n", closure);
    return name + "-image-" + Sha256.ofString(text).prefix(32);
  }

  /** Where the image is inside its entry. */
  public static Path output(Store store, String storeName, ImageSpec.Format format) {
    return store.entry(storeName).resolve(switch (format) {
      case TAR -> "image.tar";
      case DIR -> "root";
      case OCI -> "oci";
    });
  }

  /** Makes the image of {@code roots}' run-time closure unless the store has it; returns its store name. */
  @SuppressWarnings("try") // the entry lock is held for the scope, never read
  public static String build(Store store, String name, List<String> roots, ImageSpec.Format format, List<String> command)
      throws IOException {
    List<String> closure = store.runtimeClosure(roots);
    String storeName = storeName(name, closure, format, command);
    if (store.contains(storeName)) {
      return storeName;
    }
    store.create(storeName, (out, scratch) -> {
      List<Member> members = ImageTree.of(store, closure, scratch.resolve("usr"));
      switch (format) {
        case TAR -> {
          try (OutputStream tar = Files.newOutputStream(out.resolve("image.tar"))) {
            TarWriter.write(members, tar);
          }
        }
        case DIR -> DirWriter.write(members, out.resolve("root"));
        case OCI -> OciWriter.write(members, out.resolve("oci"), name, command);
      }
      return List.of(); // recorded as referring to nothing, as before: the image holds its closure
    });
    return storeName;
  }
}
