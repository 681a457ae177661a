# Builds the browser half of the site without cargo-leptos (whose install takes 22 minutes
# here): the hydrate WASM with the size-tuned profile, wasm-bindgen, wasm-opt from npm's
# binaryen, content-hashed names, precompressed copies, and pkg/assets.json naming them.
# Sourced after tools.sh.

SITE_ROOT=${TAIZHANG_SITE_ROOT:-$CARGO_TARGET_DIR/site}
WASM_PROFILE=wasm-release

# build_wasm PACKAGE OUT_NAME OUT_DIR [CARGO_ARGS...]: one hydrate bundle into OUT_DIR.
# A bundle with split points (`wasm_split`: the field page's photo part and its sending)
# is split first: OUT_NAME.wasm is then what the page loads, and beside it go the loader
# (OUT_NAME.split.js) and one OUT_NAME.<chunk>.wasm per chunk, fetched when first used.
build_wasm() {
  local package=$1 name=$2 out=$3
  shift 3
  ensure_wasm_target
  ensure_wasm_bindgen
  ensure_node_modules "$ROOT/.ci/tools"
  say "building the $package WASM ($WASM_PROFILE) $*"
  cargo build -p "$package" --lib --target wasm32-unknown-unknown --profile "$WASM_PROFILE" \
    --locked "$@"
  local raw="$CARGO_TARGET_DIR/wasm32-unknown-unknown/$WASM_PROFILE/${package//-/_}.wasm"
  local tmp chunk chunk_name bindgen_args=()
  tmp=$(mktemp -d)
  mkdir -p "$out"
  if grep -q __wasm_split_placeholder__ "$raw"; then
    ensure_wasm_split
    # The splitter follows the linker's relocations (frontend/field/build.rs keeps them);
    # it writes the main module for wasm-bindgen, the chunks and __wasm_split.js.
    # The chunks are split_<name>.wasm, one per split name, and chunk_<n>.wasm for code
    # that several of them share.
    wasm-split-cli --out-name "$name" "$raw" "$tmp/split"
    raw="$tmp/split/$name.wasm"
    for chunk in "$tmp"/split/*.wasm; do
      chunk_name=$(basename "$chunk" .wasm)
      [ "$chunk_name" != "$name" ] || continue
      optimize_wasm "$chunk" "$out/$name.${chunk_name#split_}.wasm"
      sed -i "s|\./$chunk_name\.wasm|./$name.${chunk_name#split_}.wasm|" "$tmp/split/__wasm_split.js"
    done
    minify_js "$tmp/split/__wasm_split.js"
    mv "$tmp/split/__wasm_split.js" "$out/$name.split.js"
    # The chunks share the main module's function table, which wasm-bindgen would drop.
    bindgen_args=(--keep-lld-exports)
  fi
  wasm-bindgen --target web --no-typescript "${bindgen_args[@]}" --out-dir "$tmp" --out-name "$name" "$raw"
  # The glue imports the split loader by the name it was given; the key of the wasm's import
  # object keeps the name the WASM asks for.
  sed -i "/^import /s|\"\./__wasm_split\.js\"|\"./$name.split.js\"|" "$tmp/$name.js"
  minify_js "$tmp/$name.js"
  optimize_wasm "$tmp/${name}_bg.wasm" "$tmp/$name.wasm"
  mv "$tmp/$name.js" "$tmp/$name.wasm" "$out/"
  rm -rf "$tmp"
}

# minify_js FILE: in place, with terser from npm (.ci/tools); exports keep their names. The
# generated glue and our own modules carry comments and long names a phone need not
# download (about 3.7 KB of the field page's first load, brotli).
minify_js() {
  "$ROOT/.ci/tools/node_modules/.bin/terser" "$1" --module --compress --mangle -o "$1.min"
  mv "$1.min" "$1"
}

optimize_wasm() {
  # Rust's wasm32 target emits these post-MVP features; binaryen must be told it may keep them.
  "$ROOT/.ci/tools/node_modules/.bin/wasm-opt" -Oz \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$1" -o "$2"
}

# hashed_name PREFIX FILE...: PREFIX.<first 16 hex of the files' SHA-256>.
hashed_name() {
  local prefix=$1
  shift
  echo "$prefix.$(cat "$@" | sha256sum | cut -c1-16)"
}

# publish_as PKG NAME HASHED: a bundle's files take their hashed names (NAME.wasm becomes
# HASHED_bg.wasm, as Leptos's script asks for it), and the JS that names another file of
# the bundle (glue and split loader name each other and the chunks) is told the new names.
publish_as() {
  local pkg=$1 name=$2 hashed=$3 f rest
  for f in "$pkg/$name".*; do
    rest=${f#"$pkg/$name"}
    if [ "$rest" = .wasm ]; then
      mv "$f" "$pkg/${hashed}_bg.wasm"
    else
      mv "$f" "$pkg/$hashed$rest"
    fi
  done
  for f in "$pkg/$hashed".js "$pkg/$hashed".split.js; do
    if [ -f "$f" ]; then sed -i "s|\./$name\.|./$hashed.|g" "$f"; fi
  done
}

build_site() {
  local pkg="$SITE_ROOT/pkg"
  rm -rf "$SITE_ROOT"
  mkdir -p "$pkg"
  # Two bundles: the small one every page loads, and the field page's own (offline code).
  build_wasm frontend taizhang "$pkg"
  build_wasm frontend-field taizhang-field "$pkg"
  # Content hashes name the files (Leptos's hydration script takes one output name per
  # page): <name>.js, <name>_bg.wasm, and a split bundle's loader and chunks. The styles
  # are in the pages themselves (app/src/styles.rs), so no stylesheet is built here; they
  # are part of each version all the same, as the field page's evidence.js and outbox.js
  # are (frontend/public, imported by the field bundle): a change to any of them changes
  # the service worker's cache too.
  local name field f precache
  name=$(hashed_name taizhang "$pkg"/taizhang.* "$ROOT"/style/*.css)
  field=$(hashed_name taizhang-field "$pkg"/taizhang-field.* "$ROOT/style/main.css" \
    "$ROOT/frontend/public/evidence.js" "$ROOT/frontend/public/outbox.js")
  publish_as "$pkg" taizhang "$name"
  publish_as "$pkg" taizhang-field "$field"
  printf '{"name":"%s","field":"%s"}\n' "$name" "$field" >"$pkg/assets.json"
  cp -R "$ROOT/frontend/public/." "$SITE_ROOT/"
  minify_js "$SITE_ROOT/evidence.js"
  minify_js "$SITE_ROOT/outbox.js"
  # The service worker precaches exactly this build's field page and its files, the
  # chunks among them: photos and sending must work offline too.
  precache='"/field"'
  for f in "$pkg/$field"*; do
    precache="$precache, \"/pkg/$(basename "$f")\""
  done
  precache="[$precache, \"/favicon.svg\", \"/manifest.webmanifest\", \"/evidence.js\", \"/outbox.js\"]"
  sed -e "s|__VERSION__|${field#taizhang-field.}|" -e "s|__PRECACHE__|$precache|" "$ROOT/frontend/sw.js" >"$SITE_ROOT/sw.js"
  node "$ROOT/.ci/lib/precompress.mjs" "$pkg"
  say "site built in $SITE_ROOT"
}
