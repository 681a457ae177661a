//! `taizhang`: the server binary. See `taizhang --help`.

use clap::Parser;
use server::cli::{Cli, Command};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    // The config file's settings join the command line as flags (flags and environment win).
    let args = match server::settings::args_with_config(std::env::args().collect()) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("错误：{message}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let cli = Cli::parse_from(args);
    let log_format = cli.log_format;
    let command = match cli.command {
        Some(command) => command,
        None => Cli::parse_from(["taizhang", "serve"])
            .command
            .unwrap_or_else(|| unreachable!("`serve` parses to a command")),
    };
    server::serve::init_tracing(log_format);
    let result = match command {
        Command::Serve(args) => server::serve::run(args).await,
        Command::Import(args) => server::import::run(args).await,
        Command::User(command) => server::user_cli::run(command).await,
        Command::Backup(args) => server::backup::run(args).await,
        Command::MigrateData(args) => server::migrate_data::run(args).await,
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("错误：{message}");
            std::process::ExitCode::FAILURE
        }
    }
}
