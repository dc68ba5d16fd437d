package dev.kiln.image;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.kiln.hash.Sha256;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * Writes an OCI image layout: {@code oci-layout}, {@code index.json} naming one manifest (tag
 * {@code latest}), and under {@code blobs/sha256/} the manifest, the config and one gzip layer of
 * the image's tar. Every blob is named by its sha256; Java's gzip header carries no time or name, so
 * the same members make the same layout.
 */
final class OciWriter {
  private static final Gson JSON = new GsonBuilder().disableHtmlEscaping().create();
  private static final String CREATED = "1980-01-01T00:00:00Z";

  private OciWriter() {}

  /** A blob written: its digest and size. */
  private record Blob(String digest, long size) {}

  static void write(List<Member> members, Path layout, String name, List<String> command) throws IOException {
    Path blobs = Files.createDirectories(layout.resolve("blobs").resolve("sha256"));
    MessageDigest tarDigest = Sha256.newDigest();
    MessageDigest gzDigest = Sha256.newDigest();
    Path layerTmp = blobs.resolve("layer.tmp");
    try (OutputStream file = Files.newOutputStream(layerTmp);
        DigestOutputStream gz = new DigestOutputStream(file, gzDigest);
        GZIPOutputStream zip = new GZIPOutputStream(gz, 1 << 16);
        DigestOutputStream tar = new DigestOutputStream(zip, tarDigest)) {
      TarWriter.write(members, tar);
    }
    String diffId = "sha256:" + Sha256.fromDigest(tarDigest).hex();
    Blob layer = new Blob("sha256:" + Sha256.fromDigest(gzDigest).hex(), Files.size(layerTmp));
    Files.move(layerTmp, blob(blobs, layer.digest()), StandardCopyOption.REPLACE_EXISTING);

    Blob config = writeJson(blobs, config(diffId, name, command));
    Blob manifest = writeJson(blobs, manifest(config, layer));
    JsonObject index = new JsonObject();
    index.addProperty("schemaVersion", 2);
    index.addProperty("mediaType", "application/vnd.oci.image.index.v1+json");
    JsonObject ref = descriptor("application/vnd.oci.image.manifest.v1+json", manifest);
    JsonObject annotations = new JsonObject();
    annotations.addProperty("org.opencontainers.image.ref.name", "latest");
    ref.add("annotations", annotations);
    JsonArray manifests = new JsonArray();
    manifests.add(ref);
    index.add("manifests", manifests);
    Files.writeString(layout.resolve("index.json"), JSON.toJson(index));
    Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
  }

  private static JsonObject config(String diffId, String name, List<String> command) {
    JsonObject config = new JsonObject();
    config.addProperty("created", CREATED);
    config.addProperty("architecture", architecture());
    config.addProperty("os", "linux");
    JsonObject run = new JsonObject();
    JsonArray env = new JsonArray();
    env.add("PATH=/usr/bin:/bin:/usr/sbin:/sbin");
    run.add("Env", env);
    JsonArray cmd = new JsonArray();
    (command.isEmpty() ? List.of("/bin/sh") : command).forEach(cmd::add);
    run.add("Cmd", cmd);
    config.add("config", run);
    JsonObject rootfs = new JsonObject();
    rootfs.addProperty("type", "layers");
    JsonArray diffIds = new JsonArray();
    diffIds.add(diffId);
    rootfs.add("diff_ids", diffIds);
    config.add("rootfs", rootfs);
    JsonObject step = new JsonObject();
    step.addProperty("created", CREATED);
    step.addProperty("created_by", "kiln image " + name);
    JsonArray history = new JsonArray();
    history.add(step);
    config.add("history", history);
    return config;
  }

  private static JsonObject manifest(Blob config, Blob layer) {
    JsonObject manifest = new JsonObject();
    manifest.addProperty("schemaVersion", 2);
    manifest.addProperty("mediaType", "application/vnd.oci.image.manifest.v1+json");
    manifest.add("config", descriptor("application/vnd.oci.image.config.v1+json", config));
    JsonArray layers = new JsonArray();
    layers.add(descriptor("application/vnd.oci.image.layer.v1.tar+gzip", layer));
    manifest.add("layers", layers);
    return manifest;
  }

  private static JsonObject descriptor(String mediaType, Blob blob) {
    JsonObject d = new JsonObject();
    d.addProperty("mediaType", mediaType);
    d.addProperty("digest", blob.digest());
    d.addProperty("size", blob.size());
    return d;
  }

  private static Blob writeJson(Path blobs, JsonObject json) throws IOException {
    byte[] bytes = JSON.toJson(json).getBytes(StandardCharsets.UTF_8);
    Blob blob = new Blob("sha256:" + Sha256.ofBytes(bytes).hex(), bytes.length);
    Files.write(blob(blobs, blob.digest()), bytes);
    return blob;
  }

  private static Path blob(Path blobs, String digest) {
    return blobs.resolve(digest.substring("sha256:".length()));
  }

  /** The OCI name of this machine's architecture. */
  static String architecture() {
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    return switch (arch) {
      case "amd64", "x86_64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      default -> arch;
    };
  }
}
