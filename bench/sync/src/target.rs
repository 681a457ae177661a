//! Where a benchmark's server keeps its data: a fresh SQLite file, or a fresh schema of its
//! own on a PostgreSQL server (dropped at the end), so runs never see each other's rows.

use uuid::Uuid;

#[derive(Clone, Debug)]
pub enum Backend {
    Sqlite,
    /// The server's URL (a database, no schema): `--postgres URL`.
    Postgres(String),
}

impl Backend {
    /// `--postgres URL` anywhere in the arguments (removed from them), else SQLite.
    pub fn from_args(args: &mut Vec<String>) -> Backend {
        match args.iter().position(|a| a == "--postgres") {
            Some(i) if i + 1 < args.len() => {
                let url = args.remove(i + 1);
                args.remove(i);
                Backend::Postgres(url)
            }
            _ => Backend::Sqlite,
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres(_) => "PostgreSQL",
        }
    }
}

/// A fresh database for one run.
pub struct Database {
    pub url: String,
    pub dir: std::path::PathBuf,
    schema: Option<(String, String)>,
}

impl Database {
    pub async fn fresh(backend: &Backend) -> Database {
        let dir = std::env::temp_dir().join(format!("taizhang-bench-{}", Uuid::now_v7()));
        std::fs::create_dir_all(&dir).expect("dir");
        match backend {
            Backend::Sqlite => Database {
                url: format!("sqlite://{}/bench.db", dir.display()),
                dir,
                schema: None,
            },
            Backend::Postgres(base) => {
                use sqlx::Connection;
                let name = format!("bench_{}", Uuid::now_v7().simple());
                let mut conn = sqlx::PgConnection::connect(base).await.expect("postgres");
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {name}")))
                    .execute(&mut conn)
                    .await
                    .expect("schema");
                let sep = if base.contains('?') { '&' } else { '?' };
                // Plain TCP unless the base URL asks for TLS, for the server's store and the
                // raw baseline alike (the server's own default; see db/pg/mod.rs).
                let tls = if base.contains("sslmode=") {
                    ""
                } else {
                    "&sslmode=disable"
                };
                Database {
                    url: format!("{base}{sep}options=-c%20search_path%3D{name}{tls}"),
                    dir,
                    schema: Some((base.clone(), name)),
                }
            }
        }
    }

    /// A database an earlier run kept (`BENCH_KEEP` printed its URL), to measure again
    /// after a change without loading a million reports anew. Migrations still run on open.
    pub fn kept(url: &str) -> Database {
        match url.split_once("search_path%3D") {
            Some((base, rest)) => {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                let base = base
                    .trim_end_matches(['?', '&'])
                    .replace("options=-c%20", "");
                let base = base.trim_end_matches(['?', '&']).to_string();
                Database {
                    url: url.to_string(),
                    dir: std::env::temp_dir().join(format!("taizhang-bench-{}", Uuid::now_v7())),
                    schema: Some((base, name)),
                }
            }
            None => {
                let path = url.trim_start_matches("sqlite://");
                let dir = std::path::Path::new(path)
                    .parent()
                    .expect("a SQLite file in a folder")
                    .to_path_buf();
                Database {
                    url: url.to_string(),
                    dir,
                    schema: None,
                }
            }
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.schema.is_some()
    }

    /// Bytes on disk: the SQLite file (with its WAL), or the schema's tables and indexes.
    pub async fn size(&self) -> u64 {
        match &self.schema {
            None => ["bench.db", "bench.db-wal"]
                .iter()
                .map(|f| std::fs::metadata(self.dir.join(f)).map_or(0, |m| m.len()))
                .sum(),
            Some((base, name)) => {
                let pool = sqlx::PgPool::connect(base).await.expect("postgres");
                let bytes: i64 = sqlx::query_scalar(
                    "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0)::bigint \
                     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
                     WHERE n.nspname = $1 AND c.relkind = 'r'",
                )
                .bind(name)
                .fetch_one(&pool)
                .await
                .expect("size");
                bytes as u64
            }
        }
    }

    /// Removes the file or the schema.
    pub async fn remove(self) {
        let _ = std::fs::remove_dir_all(&self.dir);
        if let Some((base, name)) = self.schema {
            use sqlx::Connection;
            let mut conn = sqlx::PgConnection::connect(&base).await.expect("postgres");
            sqlx::query(sqlx::AssertSqlSafe(format!("DROP SCHEMA {name} CASCADE")))
                .execute(&mut conn)
                .await
                .expect("drop schema");
        }
    }
}
