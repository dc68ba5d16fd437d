# tally: one small C program built by two build systems, CMake and Meson, with the host's tools
# (these packages are outside any stage). Each runs the program's test through its build
# system's own runner (ctest, meson test) in the check phase.
#
#   ./kiln run examples/tally/recipe.rb
#   ./kiln show tally-meson --script       the phases the build system filled in

TALLY = { url: "tally-1.0.tar.gz", sha256: "d53b7d4cfaba857bfa4b02755307bb06a6b6bc1d9b3aa572a046a18c86f126d6" }.freeze

package "tally-cmake", "1.0" do
  source TALLY[:url], sha256: TALLY[:sha256]
  build_system :cmake
end

package "tally-meson", "1.0" do
  source TALLY[:url], sha256: TALLY[:sha256]
  build_system :meson
  after(:install) { sh "#{prefix}/bin/tally < meson.build" }
end
