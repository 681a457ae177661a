//! `taizhang serve`: open the database, load the built-in plan on first start, serve.

use app::domain::audit::Actor;
use app::domain::plan_file::{TAIBAIHU_2024, parse_plan_file};
use app::store::PlanStore;
use tokio::net::TcpListener;

use crate::cmd::import;
use crate::config::cli::ServeArgs;
use crate::http::router;
use crate::state::AppState;

pub fn init_tracing(format: crate::config::cli::LogFormat) {
    use tracing_subscriber::EnvFilter;
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    // Logs go to stderr: stdout carries the one "listening on" line scripts read.
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match format {
        crate::config::cli::LogFormat::Json => builder.json().try_init(),
        crate::config::cli::LogFormat::Text => builder.try_init(),
    };
}

pub async fn run(args: ServeArgs) -> Result<(), String> {
    let store = crate::store::open_with(
        &args.database.database_url,
        args.database.database_max_connections,
    )
    .await
    .map_err(|e| e.to_string())?;
    if !args.no_default_plan {
        load_default_plan(store.as_ref()).await?;
    }
    if args.demo {
        crate::cmd::demo::seed_demo_users(store.as_ref(), args.demo_data).await?;
    }
    let blobs = crate::store::Blobs::open(&args.photo_store()).map_err(|e| e.to_string())?;
    tokio::spawn(expire_abandoned_uploads(store.clone(), blobs.clone()));
    let state = AppState::new(store, blobs.clone(), &args.site_root, args.addr)
        .with_auth(args.auth.settings())
        .with_pace(args.pace.settings(), args.pace.weekly())
        .with_supervision(
            args.pace.escalation()?,
            args.pace.submission()?,
            app::domain::assessment::ScoreRule::parse(&args.pace.score_rule)?,
            args.pace.staleness()?,
        )
        .with_public(args.pace.privacy(), args.public.poster())
        .with_evaluation_rule(args.public.evaluation_rule()?);
    // Public pages are kept in memory only while the database is watched for changes.
    crate::store::changes::watch(&args.database.database_url, state.changes.clone());
    let listener = TcpListener::bind(args.addr)
        .await
        .map_err(|e| format!("无法监听 {}：{e}", args.addr))?;
    // Tests start the server on port 0 and read the real address from this line.
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    println!("民生实事台账 listening on http://{addr}");
    tracing::info!(
        %addr,
        database = %crate::config::settings::redact(&args.database.database_url),
        "serving"
    );
    serve(listener, state, shutdown_signal()).await
}

/// Hourly, deletes uploads abandoned half-way (`sync::upload::ABANDONED_AFTER_HOURS`); a
/// stored photo is never touched. Several servers may sweep at once: deleting is idempotent.
async fn expire_abandoned_uploads(store: app::store::SharedStore, blobs: crate::store::Blobs) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        every.tick().await;
        match crate::service::evidence::expire_abandoned(store.as_ref(), &blobs, chrono::Utc::now())
            .await
        {
            Ok(0) => {}
            Ok(n) => tracing::info!(uploads = n, "abandoned photo uploads deleted"),
            Err(e) => tracing::warn!(error = %e, "sweeping abandoned photo uploads failed"),
        }
    }
}

/// Serves until `shutdown` completes, then stops accepting connections and lets every
/// request in flight finish (a sync batch being applied is answered, not cut off) before
/// returning.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), String> {
    // The peer address feeds sign-in throttling.
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            shutdown.await;
            tracing::info!("shutting down: finishing requests in flight");
        })
        .await
        .map_err(|e| e.to_string())
}

/// Loads the 2024 plan of 济宁太白湖新区 unless it is already there. Only a missing plan is
/// loaded, so later edits to it are never overwritten on restart.
pub async fn load_default_plan(store: &dyn PlanStore) -> Result<(), String> {
    let plan = parse_plan_file(TAIBAIHU_2024).map_err(|errors| {
        let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
        format!("内置计划文件无效：{}", list.join("；"))
    })?;
    let present = store
        .list_plans()
        .await
        .map_err(|e| e.to_string())?
        .iter()
        .any(|p| p.id == plan.meta.code);
    if !present {
        match import::import_into(store, &plan, &Actor::system()).await {
            Ok(message) => tracing::info!("{message}"),
            // Several servers starting at once on an empty database: one loads the plan,
            // the others find it there afterwards.
            Err(e) => {
                let now_present = store
                    .list_plans()
                    .await
                    .map_err(|e| e.to_string())?
                    .iter()
                    .any(|p| p.id == plan.meta.code);
                if !now_present {
                    return Err(e);
                }
            }
        }
    }
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
