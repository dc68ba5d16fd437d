package dev.kiln.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignatureTest {
  @TempDir Path dir;

  private final byte[] index = RepoIndex.of(List.of(RepoIndexTest.entry("tool", "2.0", List.of()))).render();

  @Test
  void keygen_writes_a_private_key_only_its_owner_can_read_and_the_pair_round_trips() throws Exception {
    SigningKey key = SigningKey.generate("up");
    key.save(dir);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("up.key"))));
    SigningKey loaded = SigningKey.load(dir.resolve("up.key"));
    RepoKey pub = RepoKey.parse(Files.readAllBytes(dir.resolve("up.pub")), dir.resolve("up.pub"));
    assertEquals(key.publicKey().id(), pub.id());
    assertTrue(pub.verifies(loaded.sign(index), index));
    assertThrows(java.io.IOException.class, () -> key.save(dir), "never overwrites a key");
  }

  @Test
  void a_good_signature_by_a_trusted_key_passes() throws Exception {
    SigningKey key = SigningKey.generate("up");
    TrustPolicy trust = new TrustPolicy(List.of(key.publicKey()), false);
    TrustPolicy.VerifiedIndex verified = trust.verify("up", index, Optional.of(key.sign(index).render()));
    assertEquals(1, verified.index().size());
    assertEquals(key.publicKey(), verified.signer().orElseThrow());
  }

  @Test
  void an_unsigned_index_is_refused_unless_the_repo_is_trusted() throws Exception {
    TrustPolicy trust = new TrustPolicy(List.of(SigningKey.generate("up").publicKey()), false);
    UntrustedIndexException e = assertThrows(UntrustedIndexException.class, () -> trust.verify("up", index, Optional.empty()));
    assertTrue(e.getMessage().contains("repo up: the index is not signed"), e.getMessage());
    assertEquals(1, new TrustPolicy(List.of(), true).verify("up", index, Optional.empty()).index().size());
  }

  @Test
  void a_changed_or_truncated_index_fails_its_signature() throws Exception {
    SigningKey key = SigningKey.generate("up");
    byte[] signature = key.sign(index).render();
    TrustPolicy trust = new TrustPolicy(List.of(key.publicKey()), false);
    byte[] changed = new String(index, StandardCharsets.UTF_8).replace("Size: 1000", "Size: 1001").getBytes(StandardCharsets.UTF_8);
    for (byte[] bad : List.of(changed, Arrays.copyOf(index, index.length - 1), Arrays.copyOf(index, index.length / 2))) {
      UntrustedIndexException e = assertThrows(UntrustedIndexException.class,
          () -> trust.verify("up", bad, Optional.of(signature)));
      assertTrue(e.getMessage().contains("bad signature"), e.getMessage());
    }
  }

  @Test
  void a_signature_by_an_untrusted_key_or_a_mangled_signature_is_refused() throws Exception {
    SigningKey stranger = SigningKey.generate("stranger");
    TrustPolicy trust = new TrustPolicy(List.of(SigningKey.generate("up").publicKey()), false);
    UntrustedIndexException e = assertThrows(UntrustedIndexException.class,
        () -> trust.verify("up", index, Optional.of(stranger.sign(index).render())));
    assertTrue(e.getMessage().contains("signed by key " + stranger.publicKey().id() + ", which is not trusted"), e.getMessage());
    assertThrows(RepoFormatException.class, () -> trust.verify("up", index, Optional.of("garbage\n".getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void trusted_keys_come_from_the_home_and_the_repos_own_key_file() throws Exception {
    SigningKey global = SigningKey.generate("global");
    SigningKey own = SigningKey.generate("own");
    global.save(dir.resolve("home/trusted-keys"));
    Files.delete(dir.resolve("home/trusted-keys/global.key"));
    own.save(dir.resolve("keys"));
    TrustPolicy trust = TrustPolicy.load(dir.resolve("home"), Optional.of(dir.resolve("keys/own.pub")), false);
    assertEquals(List.of(global.publicKey(), own.publicKey()), trust.keys());
  }
}
