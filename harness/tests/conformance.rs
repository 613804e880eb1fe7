//! The conformance suite under `cargo test`: one trial per case (see `isym_conform::trials`).

fn main() -> std::process::ExitCode {
    isym_conform::conformance_main()
}
