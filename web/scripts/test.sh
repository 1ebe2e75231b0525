#!/usr/bin/env bash
# The console's whole test suite, as `make test` runs it: the API types
# generated from the binary under test, unit tests (Vitest), the production
# build (tsc -b: a field the console uses and the API dropped fails here),
# then the end-to-end tests (playwright-core driving Debian's chromium)
# against that binary, started here on a free port and stopped on exit.
# Usage: web/scripts/test.sh PATH/TO/cloudcensus
set -euo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")/.."
# gen:api (run by npm ci, build, and below) reads the API from this binary.
export CLOUDCENSUS_BIN=$bin

# npm's own node_modules/.package-lock.json never equals the lock file (it
# leaves out the root package), so the lock installed is kept beside it.
if ! cmp -s package-lock.json node_modules/.ci-lock.json; then
	npm ci --no-audit --no-fund --silent && cp package-lock.json node_modules/.ci-lock.json
fi
npm run --silent gen:api
npx vitest run
npm run --silent build

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
data=$(mktemp -d)
password="E2e-Admin-$(date +%s)-Pw"
log="$data/serve.log"
CLOUDCENSUS_ADDR=127.0.0.1:$port CLOUDCENSUS_DATA_DIR=$data CLOUDCENSUS_ADMIN_PASSWORD=$password \
	CLOUDCENSUS_WEB_DIR="$PWD/dist" AWS_EC2_METADATA_DISABLED=true "$bin" serve >"$log" 2>&1 &
pid=$!
cleanup() {
	kill -TERM "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	rm -rf "$data"
}
trap cleanup EXIT
url=http://127.0.0.1:$port
for _ in $(seq 1 240); do
	if curl -sf "$url/api/health" >/dev/null; then break; fi
	if ! kill -0 "$pid" 2>/dev/null; then echo "the local stack exited:"; tail -20 "$log"; exit 1; fi
	sleep 1
done
curl -sf "$url/api/health" >/dev/null || { echo "the local stack did not become ready:"; tail -20 "$log"; exit 1; }
start=$(date +%s)
CLOUDCENSUS_URL=$url CLOUDCENSUS_ADMIN_USERNAME=admin CLOUDCENSUS_ADMIN_PASSWORD=$password npm run --silent e2e
echo "e2e: $(( $(date +%s) - start )) s"
