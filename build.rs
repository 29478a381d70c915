//! Links the `aftercare` program as a fixed-address executable (not position
//! independent) on Linux with glibc. A position-independent program of this size has
//! about 56,000 relocations that the loader applies at every start, copying ~360
//! pages on write: a quarter of `aftercare --version` and about 1 ms CPU of every
//! short command (docs/PERFORMANCE.md, "Process start"). The library and its tests
//! are unchanged; only the program's final link gets `-no-pie`.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
