# The API against its own OpenAPI document: schemathesis (from PyPI) generates requests
# from /api/v1/openapi.json and sends them to a running server signed in as the
# supervisor. Passes only with 0 server errors and 0 responses that break the schema.
# Sourced after tools.sh; `api_contract BINARY`.

SCHEMATHESIS_VERSION=4.32.5

ensure_schemathesis() {
  local venv="$TOOLS_ROOT/schemathesis-$SCHEMATHESIS_VERSION"
  if [ ! -x "$venv/bin/st" ]; then
    say "installing schemathesis $SCHEMATHESIS_VERSION (PyPI, once)"
    if ! python3 -m venv "$venv" 2>/dev/null; then
      apt-get install -y -q python3-venv >/dev/null
      python3 -m venv "$venv"
    fi
    "$venv/bin/pip" install -q "schemathesis==$SCHEMATHESIS_VERSION"
  fi
  ST="$venv/bin/st"
}

api_contract() {
  local bin=$1
  ensure_schemathesis
  local work pid addr cookie status=0
  work=$(mktemp -d)
  "$bin" serve --addr 127.0.0.1:0 --database-url "sqlite://$work/contract.db" --demo \
    --site-root "$work/site" >"$work/out" 2>"$work/server.log" &
  pid=$!
  for _ in $(seq 1 100); do
    addr=$(sed -n 's/^民生实事台账 listening on //p' "$work/out")
    [ -n "$addr" ] && break
    sleep 0.1
  done
  if [ -z "$addr" ]; then
    say "the server did not start for the API contract run"
    cat "$work/server.log" >&2
    kill "$pid" 2>/dev/null || true
    return 1
  fi
  cookie=$(python3 - "$addr" <<'PY'
import json, sys, urllib.request
request = urllib.request.Request(
    sys.argv[1] + "/api/v1/session",
    data=json.dumps({"username": "ducha", "password": "demo-2024-taizhang"}).encode(),
    headers={"content-type": "application/json"},
)
with urllib.request.urlopen(request) as answer:
    print(answer.headers["set-cookie"].split(";")[0])
PY
)
  # DELETE /session would sign the run itself out; everything else is fair game.
  "$ST" run "$addr/api/v1/openapi.json" -H "Cookie: $cookie" \
    --checks not_a_server_error,response_schema_conformance,content_type_conformance \
    --exclude-method DELETE --max-examples "${TAIZHANG_CONTRACT_EXAMPLES:-15}" \
    --max-time "${TAIZHANG_CONTRACT_SECONDS:-90}" --seed 20241 --no-color \
    >"$work/st.log" 2>&1 || status=$?
  tail -n 25 "$work/st.log" >&2
  if grep -q 'panicked' "$work/server.log"; then
    say "the server panicked during the API contract run"
    grep -A3 'panicked' "$work/server.log" >&2
    status=1
  fi
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$work"
  return "$status"
}
