# An S3-compatible server for the photo store's S3 path: moto's standalone server, from
# PyPI (no binary download), on a free local port, stopped when the script exits.
# Sourced after tools.sh; `start_s3` exports the AWS_* variables object_store reads and
# TAIZHANG_TEST_PHOTO_STORE, with the bucket made.

MOTO_VERSION=5.2.5

start_s3() {
  local venv="$TOOLS_ROOT/moto-$MOTO_VERSION"
  if [ ! -x "$venv/bin/moto_server" ]; then
    say "installing moto $MOTO_VERSION (PyPI, once, about 35 s)"
    if ! python3 -m venv "$venv" 2>/dev/null; then
      apt-get install -y -q python3-venv >/dev/null
      python3 -m venv "$venv"
    fi
    "$venv/bin/pip" install -q "moto[server]==$MOTO_VERSION"
  fi
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  S3_LOG=$(mktemp)
  "$venv/bin/moto_server" -H 127.0.0.1 -p "$port" >"$S3_LOG" 2>&1 &
  S3_PID=$!
  trap 'kill "$S3_PID" 2>/dev/null || true' EXIT
  for _ in $(seq 1 100); do
    curl -sf -o /dev/null -X PUT "http://127.0.0.1:$port/taizhang-test" && break
    sleep 0.2
  done
  if ! curl -sf -o /dev/null "http://127.0.0.1:$port/taizhang-test"; then
    say "the S3-compatible server did not start"
    cat "$S3_LOG" >&2
    return 1
  fi
  export AWS_ENDPOINT="http://127.0.0.1:$port" AWS_ALLOW_HTTP=true AWS_REGION=us-east-1 \
    AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
  export TAIZHANG_TEST_PHOTO_STORE=s3://taizhang-test
}
