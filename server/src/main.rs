//! `taizhang`: the server binary. See `taizhang --help`.

use clap::Parser;
use server::cli::{Cli, Command};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let command = match Cli::parse().command {
        Some(command) => command,
        None => Cli::parse_from(["taizhang", "serve"])
            .command
            .unwrap_or_else(|| unreachable!("`serve` parses to a command")),
    };
    server::serve::init_tracing();
    let result = match command {
        Command::Serve(args) => server::serve::run(args).await,
        Command::Import(args) => server::import::run(args).await,
        Command::User(command) => server::user_cli::run(command).await,
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("错误：{message}");
            std::process::ExitCode::FAILURE
        }
    }
}
