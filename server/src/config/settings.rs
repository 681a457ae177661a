//! Settings from a file: `--config FILE` (or `TAIZHANG_CONFIG`) names a TOML file whose keys
//! are the settings' names (`database_url = "…"`, `pace_red = 25`). Each key is passed as
//! its flag unless the flag was given or its environment variable is set, so the order is:
//! flag > environment > file > default. Unknown keys are refused, never ignored. Secrets (a
//! database password) are never printed: see `redact`.

use std::collections::BTreeSet;
use std::path::PathBuf;

use clap::CommandFactory;

use crate::config::cli::Cli;

/// Every environment variable a flag of any command reads.
fn known_env_vars() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut stack = vec![Cli::command()];
    while let Some(cmd) = stack.pop() {
        for arg in cmd.get_arguments() {
            if let Some(env) = arg.get_env() {
                out.insert(env.to_string_lossy().into_owned());
            }
        }
        stack.extend(cmd.get_subcommands().cloned());
    }
    out
}

/// The config file named on the command line or in the environment, if any.
fn config_path(args: &[String]) -> Option<PathBuf> {
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--config" {
            return it.next().map(PathBuf::from);
        }
        if let Some(v) = a.strip_prefix("--config=") {
            return Some(PathBuf::from(v));
        }
    }
    std::env::var_os("TAIZHANG_CONFIG").map(PathBuf::from)
}

/// The (variable, value) pairs a config file's text sets; every problem in Chinese.
pub fn parse_config(text: &str) -> Result<Vec<(String, String)>, String> {
    let table: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| format!("配置文件格式错误：{}", e.message()))?;
    let known = known_env_vars();
    let mut out = Vec::new();
    let mut unknown = Vec::new();
    for (key, value) in table {
        let var = format!("TAIZHANG_{}", key.to_uppercase());
        if !known.contains(&var) || var == "TAIZHANG_CONFIG" {
            unknown.push(key);
            continue;
        }
        let value = match value {
            toml::Value::String(s) => s,
            toml::Value::Integer(i) => i.to_string(),
            toml::Value::Float(f) => f.to_string(),
            toml::Value::Boolean(b) => b.to_string(),
            other => {
                return Err(format!(
                    "配置项 {key} 的值 {other} 不是字符串、数字或布尔值"
                ));
            }
        };
        out.push((var, value));
    }
    if unknown.is_empty() {
        Ok(out)
    } else {
        Err(format!("配置文件中有未知的配置项：{}", unknown.join("、")))
    }
}

/// The command line with the config file's settings added as flags (what the command line
/// or the environment already sets stays).
pub fn args_with_config(mut args: Vec<String>) -> Result<Vec<String>, String> {
    let Some(path) = config_path(&args) else {
        return Ok(args);
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("无法读取配置文件 {}：{e}", path.display()))?;
    let entries = parse_config(&text)?;
    let root = Cli::command();
    // The command the settings apply to: the one named, or `serve` (the default).
    let mut leaf = root.clone();
    let mut named = false;
    for arg in args.iter().skip(1) {
        if let Some(sub) = leaf.find_subcommand(arg).cloned() {
            leaf = sub;
            named = true;
        }
    }
    if !named {
        args.push("serve".to_string());
        leaf = root.find_subcommand("serve").cloned().unwrap_or(leaf);
    }
    for (var, value) in entries {
        if std::env::var_os(&var).is_some() {
            continue;
        }
        let long = var
            .trim_start_matches("TAIZHANG_")
            .to_lowercase()
            .replace('_', "-");
        let given = args
            .iter()
            .any(|a| *a == format!("--{long}") || a.starts_with(&format!("--{long}=")));
        let Some(arg) = leaf
            .get_arguments()
            .chain(root.get_arguments())
            .find(|a| a.get_long() == Some(long.as_str()))
        else {
            continue; // a setting of another command
        };
        if given {
            continue;
        }
        if matches!(arg.get_action(), clap::ArgAction::SetTrue) {
            if value == "true" {
                args.push(format!("--{long}"));
            }
        } else {
            args.push(format!("--{long}={value}"));
        }
    }
    Ok(args)
}

/// A database URL fit for logs: the password replaced by `***`.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let Some((auth, host)) = rest.rsplit_once('@') else {
        return url.to_string();
    };
    match auth.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_become_the_flags_environment_variables() {
        let vars = parse_config("addr = \"0.0.0.0:8080\"\npace_red = 25\nsecure_cookies = true\n")
            .expect("valid");
        assert!(vars.contains(&("TAIZHANG_ADDR".into(), "0.0.0.0:8080".into())));
        assert!(vars.contains(&("TAIZHANG_PACE_RED".into(), "25".into())));
        assert!(vars.contains(&("TAIZHANG_SECURE_COOKIES".into(), "true".into())));
    }

    #[test]
    fn unknown_keys_and_bad_syntax_are_refused() {
        let e = parse_config("adress = \"x\"\nport = 1").expect_err("unknown");
        assert!(e.contains("adress") && e.contains("port"), "{e}");
        assert!(
            parse_config("addr = ")
                .expect_err("syntax")
                .starts_with("配置文件格式错误")
        );
    }

    #[test]
    fn passwords_never_reach_the_log() {
        assert_eq!(
            redact("postgres://taizhang:s3cret@db.internal:5432/ledger"),
            "postgres://taizhang:***@db.internal:5432/ledger"
        );
        assert_eq!(
            redact("sqlite://data/taizhang.db"),
            "sqlite://data/taizhang.db"
        );
        assert_eq!(
            redact("postgres://taizhang@db/ledger"),
            "postgres://taizhang@db/ledger"
        );
    }
}
