//! The baseline of `bench/serve.sh`: a bare axum hello-world, served the way ours is (one
//! tokio runtime, one listener), so the two are measured on the same core in one run.
//! Usage: bare-axum ADDR

#[tokio::main]
async fn main() {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:3999".into());
    let app = axum::Router::new().route("/", axum::routing::get(|| async { "hello" }));
    let listener = tokio::net::TcpListener::bind(&addr).await.expect("bind");
    axum::serve(listener, app).await.expect("serve");
}
