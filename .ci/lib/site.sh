# Builds the browser half of the site without cargo-leptos (whose install takes 22 minutes
# here): the hydrate WASM with the size-tuned profile, wasm-bindgen, wasm-opt from npm's
# binaryen, content-hashed names, precompressed copies, and pkg/assets.json naming them.
# Sourced after tools.sh.

SITE_ROOT=${TAIZHANG_SITE_ROOT:-$CARGO_TARGET_DIR/site}
WASM_PROFILE=wasm-release

# build_wasm PACKAGE OUT_NAME OUT_DIR [CARGO_ARGS...]: one hydrate bundle into OUT_DIR.
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
  local tmp
  tmp=$(mktemp -d)
  wasm-bindgen --target web --no-typescript --out-dir "$tmp" --out-name "$name" "$raw"
  # Rust's wasm32 target emits these post-MVP features; binaryen must be told it may keep them.
  "$ROOT/.ci/tools/node_modules/.bin/wasm-opt" -Oz \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$tmp/${name}_bg.wasm" -o "$tmp/$name.wasm"
  mkdir -p "$out"
  mv "$tmp/$name.js" "$tmp/$name.wasm" "$out/"
  rm -rf "$tmp"
}

# hashed_name PREFIX FILE...: PREFIX.<first 16 hex of the files' SHA-256>.
hashed_name() {
  local prefix=$1
  shift
  echo "$prefix.$(cat "$@" | sha256sum | cut -c1-16)"
}

build_site() {
  local pkg="$SITE_ROOT/pkg"
  rm -rf "$SITE_ROOT"
  mkdir -p "$pkg"
  # Two bundles: the small one every page loads, and the field page's own (offline code).
  build_wasm frontend taizhang "$pkg"
  build_wasm frontend-field taizhang-field "$pkg"
  # The ledger pages get the base, the supervision views' and the public side's CSS; the
  # field page (what a phone downloads) only the base, so the others never grow it.
  cat "$ROOT/style/main.css" "$ROOT/style/ledger.css" "$ROOT/style/public.css" > "$pkg/taizhang.css"
  cp "$ROOT/style/main.css" "$pkg/taizhang-field.css"
  # Content hashes name the files (Leptos's hydration script takes one output name per
  # page): <name>.js, <name>_bg.wasm and <name>.css.
  local name field
  name=$(hashed_name taizhang "$pkg/taizhang.wasm" "$pkg/taizhang.js" "$pkg/taizhang.css")
  # evidence.js and outbox.js (frontend/public, imported by the field bundle) are part of
  # the field page's version: a change to either changes the service worker's cache too.
  field=$(hashed_name taizhang-field "$pkg/taizhang-field.wasm" "$pkg/taizhang-field.js" "$pkg/taizhang-field.css" "$ROOT/frontend/public/evidence.js" "$ROOT/frontend/public/outbox.js")
  mv "$pkg/taizhang.js" "$pkg/$name.js"
  mv "$pkg/taizhang.wasm" "$pkg/${name}_bg.wasm"
  mv "$pkg/taizhang.css" "$pkg/$name.css"
  mv "$pkg/taizhang-field.js" "$pkg/$field.js"
  mv "$pkg/taizhang-field.wasm" "$pkg/${field}_bg.wasm"
  mv "$pkg/taizhang-field.css" "$pkg/$field.css"
  printf '{"name":"%s","field":"%s"}\n' "$name" "$field" >"$pkg/assets.json"
  cp -R "$ROOT/frontend/public/." "$SITE_ROOT/"
  # The service worker precaches exactly this build's field page and its files.
  local precache="[\"/field\", \"/pkg/$field.js\", \"/pkg/${field}_bg.wasm\", \"/pkg/$field.css\", \"/favicon.svg\", \"/manifest.webmanifest\", \"/evidence.js\", \"/outbox.js\"]"
  sed -e "s|__VERSION__|${field#taizhang-field.}|" -e "s|__PRECACHE__|$precache|" "$ROOT/frontend/sw.js" >"$SITE_ROOT/sw.js"
  node "$ROOT/.ci/lib/precompress.mjs" "$pkg"
  say "site built in $SITE_ROOT"
}
