# Builds the browser half of the site without cargo-leptos (whose install takes 22 minutes
# here): the hydrate WASM with the size-tuned profile, wasm-bindgen, wasm-opt from npm's
# binaryen, content-hashed names, precompressed copies, and pkg/assets.json naming them.
# Sourced after tools.sh.

SITE_ROOT=${TAIZHANG_SITE_ROOT:-$CARGO_TARGET_DIR/site}
WASM_PROFILE=wasm-release

# build_wasm PACKAGE OUT_NAME OUT_DIR [MANIFEST]: one hydrate bundle into OUT_DIR.
build_wasm() {
  local package=$1 name=$2 out=$3 manifest=${4:-$ROOT/Cargo.toml}
  local target_dir=${5:-$CARGO_TARGET_DIR}
  ensure_wasm_target
  ensure_wasm_bindgen
  ensure_node_modules "$ROOT/frontend"
  say "building the $package WASM ($WASM_PROFILE)"
  CARGO_TARGET_DIR=$target_dir cargo build --manifest-path "$manifest" -p "$package" --lib \
    --target wasm32-unknown-unknown --profile "$WASM_PROFILE" --locked
  local raw="$target_dir/wasm32-unknown-unknown/$WASM_PROFILE/${package//-/_}.wasm"
  local tmp
  tmp=$(mktemp -d)
  wasm-bindgen --target web --no-typescript --out-dir "$tmp" --out-name "$name" "$raw"
  # Rust's wasm32 target emits these post-MVP features; binaryen must be told it may keep them.
  "$ROOT/frontend/node_modules/.bin/wasm-opt" -Oz \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$tmp/${name}_bg.wasm" -o "$tmp/$name.wasm"
  mkdir -p "$out"
  mv "$tmp/$name.js" "$tmp/$name.wasm" "$out/"
  rm -rf "$tmp"
}

# hash_name FILE: renames dir/name.ext to dir/name.<hash>.ext and prints the new base name.
hash_name() {
  local file=$1 dir base ext hash
  dir=$(dirname "$file")
  base=$(basename "$file")
  ext=${base##*.}
  hash=$(sha256sum "$file" | cut -c1-16)
  mv "$file" "$dir/${base%.*}.$hash.$ext"
  echo "${base%.*}.$hash.$ext"
}

build_site() {
  local pkg="$SITE_ROOT/pkg"
  rm -rf "$SITE_ROOT"
  mkdir -p "$pkg"
  build_wasm frontend taizhang "$pkg"
  cp "$ROOT/style/main.css" "$pkg/taizhang.css"
  local js wasm css
  wasm=$(hash_name "$pkg/taizhang.wasm")
  css=$(hash_name "$pkg/taizhang.css")
  js=$(hash_name "$pkg/taizhang.js")
  printf '{"js":"%s","wasm":"%s","css":"%s"}\n' "$js" "$wasm" "$css" >"$pkg/assets.json"
  if [ -d "$ROOT/public" ]; then cp -R "$ROOT/public/." "$SITE_ROOT/"; fi
  node "$ROOT/.ci/lib/precompress.mjs" "$pkg"
  say "site built in $SITE_ROOT"
}
