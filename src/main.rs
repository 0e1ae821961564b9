//! Command-line entry point; everything happens in `shinchoku::cli`.

fn main() -> std::process::ExitCode {
    shinchoku::cli::main()
}
