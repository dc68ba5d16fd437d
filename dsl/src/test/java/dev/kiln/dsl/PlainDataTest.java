package dev.kiln.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jruby.Ruby;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Recorded Ruby data becomes plain Java data in one walk, and round-trips through the cache's encoding. */
class PlainDataTest {
  private static Ruby ruby;

  @BeforeAll
  static void startRuby() {
    ruby = RecipeEvaluator.create(List.of()).container().getProvider().getRuntime();
  }

  private static Object plain(String rubyExpression) {
    return PlainData.ofRuby(ruby.evalScriptlet(rubyExpression));
  }

  @Test
  void ruby_hashes_arrays_and_scalars_become_maps_lists_and_java_values_in_order() {
    Object data = plain("{ 'name' => 'hello', 'n' => 3, 'on' => true, 'off' => false, 'none' => nil,"
        + " 'deps' => [['musl', 12], ['make', 13]], 'env' => { 'CFLAGS' => '-O2' }, 'ü' => 'ünïcode' }");
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("name", "hello");
    expected.put("n", 3L);
    expected.put("on", true);
    expected.put("off", false);
    expected.put("none", null);
    expected.put("deps", List.of(List.of("musl", 12L), List.of("make", 13L)));
    expected.put("env", Map.of("CFLAGS", "-O2"));
    expected.put("ü", "ünïcode");
    assertEquals(expected, data);
    assertEquals(List.copyOf(expected.keySet()), List.copyOf(((Map<?, ?>) data).keySet()));
  }

  @Test
  void symbols_read_as_their_names() {
    assertEquals(Map.of("format", "tar"), plain("{ format: :tar }"));
  }

  @Test
  void plain_data_survives_the_cache_encoding() throws Exception {
    Object data = plain("{ 'a' => [1, 'two', nil, { 'b' => true }], 'c' => 'x' * 70_000 }");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PlainData.write(new DataOutputStream(bytes), data);
    assertEquals(data, PlainData.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
  }

  @Test
  void an_object_a_recipe_stored_stays_an_object_that_the_cache_refuses() {
    Object data = plain("{ 'odd' => Object.new }");
    Object odd = ((Map<?, ?>) data).get("odd");
    assertFalse(odd instanceof String || odd instanceof Map || odd instanceof List, "converted: " + odd);
    assertThrows(PlainData.NotPlainException.class,
        () -> PlainData.write(new DataOutputStream(new ByteArrayOutputStream()), data));
  }

  @Test
  void strings_of_any_encoding_read_as_text_and_nil_in_a_list_stays_null() {
    assertEquals("hi", plain("[104, 105].pack('C*')"));
    assertEquals(Arrays.asList("a", null), plain("['a', nil]"));
  }
}
