//! The field bundle is split after linking (`.ci/lib/site.sh`: the report form goes to a
//! chunk of its own). The splitter follows the linker's relocations to see which code the
//! form alone uses, so the linker must keep them in the WASM.
fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-cdylib=--emit-relocs");
    }
}
