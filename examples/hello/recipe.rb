# hello: a real C program, built with the host's compiler inside a bubblewrap container and
# installed under its own store prefix.
#
#   ./kiln run examples/hello/recipe.rb
#   ./kiln shell --with hello -- hello

package "hello", "1.0" do
  # The tarball ships beside this recipe (a recipe for the wider world would name its upstream
  # URL here; the sha256 is what counts, wherever the bytes come from).
  source "hello-1.0.tar.gz",
         sha256: "b36be4b851d93edc0dab9fbfde732e23957c36113a6f5ee7b31869d0ab210621"

  env "CFLAGS", "-O2 -g0"

  build do
    make "-j#{jobs}"
    make "install", "PREFIX=#{prefix}"
  end

  check do
    sh "#{prefix}/bin/hello kiln | grep -q 'Hello, kiln!'"
  end
end
