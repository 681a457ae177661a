//! `taizhang`: the server binary. See `taizhang --help`.

use clap::Parser;
use server::config::cli::{Cli, Command};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    // The config file's settings join the command line as flags (flags and environment win).
    let args = match server::config::settings::args_with_config(std::env::args().collect()) {
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
    server::cmd::serve::init_tracing(log_format);
    let result = match command {
        Command::Serve(args) => server::cmd::serve::run(args).await,
        Command::Import(args) => server::cmd::import::run(args).await,
        Command::User(command) => server::cmd::account::run(command).await,
        Command::Backup(args) => server::cmd::backup::run(args).await,
        Command::MigrateData(args) => server::cmd::migrate_data::run(args).await,
        Command::Photos(args) => server::cmd::photos::run(args).await,
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("错误：{message}");
            std::process::ExitCode::FAILURE
        }
    }
}
