#!/usr/bin/env bash
# Runs mongoose's own test suite against a fresh embedded engine and prints, per test file,
# how many tests passed / failed / were pending, then the totals.
#
#   packages/embedded-mongo/scripts/mongoose-suite.sh /path/to/mongoose-checkout [test/foo.test.js ...]
#
# The checkout is a clone (or `git archive`) of https://github.com/Automattic/mongoose at the tag
# the README's figures name (9.9.3). Its dev dependencies are installed there with
# `npm install --ignore-scripts` (mongodb-memory-server then downloads no mongod; it is not used,
# because mongoose's test/mocha-fixtures.js starts one only when MONGOOSE_TEST_URI is unset).
# Without file arguments every test/*.test.js runs, each in its own mocha process; mongoose's
# test/subdirs.test.js loads test/docs/ and test/helpers/ (so they are counted once, and run
# together as in `npm test`: some helper tests depend on that); test/encryption/ is left out
# (it needs a replica set and mongodb-client-encryption), as `npm test` does.
#
# Environment: MONGOOSE_SUITE_PORT (default: a free port), MONGOOSE_SUITE_TIMEOUT (seconds per
# file, default 900), MONGOOSE_SUITE_OUT (directory for the per-file mocha JSON reports and the
# engine log, default: a new temporary directory). Not part of CI.
set -euo pipefail

if [[ $# -lt 1 || ! -f "$1/package.json" ]]; then
  echo "usage: $0 MONGOOSE_CHECKOUT [TEST_FILE ...]" >&2
  exit 2
fi
checkout=$(cd "$1" && pwd)
shift
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
out=${MONGOOSE_SUITE_OUT:-$(mktemp -d -t mongoose-suite.XXXXXX)}
mkdir -p "$out"
per_file_timeout=${MONGOOSE_SUITE_TIMEOUT:-900}

echo "mongoose checkout: $checkout ($(node -p "require('$checkout/package.json').version"))"
echo "reports: $out"

(cd "$checkout" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error >"$out/npm-install.log" 2>&1) || {
  echo "npm install failed, see $out/npm-install.log" >&2
  exit 1
}

port=${MONGOOSE_SUITE_PORT:-$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});')}
dbpath=$(mktemp -d -t mongoose-suite-db.XXXXXX)
engine_log="$out/engine.log"
# In a session (and process group) of its own: npx does not pass SIGTERM on to tsx and the
# engine, so the whole group is signalled at the end.
(cd "$repo_root" && exec setsid npx tsx packages/embedded-mongo/src/cli.ts --dbpath "$dbpath" --port "$port") >"$out/engine.stdout" 2>"$engine_log" &
engine_pid=$!

cleanup() {
  kill -TERM -- "-$engine_pid" 2>/dev/null || true
  for _ in $(seq 1 60); do
    kill -0 -- "-$engine_pid" 2>/dev/null || break
    sleep 0.5
  done
  kill -KILL -- "-$engine_pid" 2>/dev/null || true
  rm -rf "$dbpath"
}
trap cleanup EXIT

for _ in $(seq 1 120); do
  if grep -q "embedded-mongo listening on" "$out/engine.stdout" 2>/dev/null; then break; fi
  if ! kill -0 "$engine_pid" 2>/dev/null; then
    echo "engine did not start:" >&2
    cat "$engine_log" >&2
    exit 1
  fi
  sleep 0.5
done
grep -q "embedded-mongo listening on" "$out/engine.stdout" || { echo "engine not ready after 60 s" >&2; exit 1; }
echo "engine: $(head -n1 "$out/engine.stdout")"

export MONGOOSE_TEST_URI="mongodb://127.0.0.1:$port/mongoose_test"

if [[ $# -gt 0 ]]; then
  files=("$@")
else
  mapfile -t files < <(cd "$checkout" && find test -maxdepth 1 -name '*.test.js' | sort)
fi

total_pass=0 total_fail=0 total_pending=0 crashed=()
printf '%-52s %6s %6s %8s\n' "file" "pass" "fail" "pending"
for file in "${files[@]}"; do
  report="$out/$(echo "$file" | tr '/' '_').json"
  rm -f "$report"
  (cd "$checkout" && timeout "$per_file_timeout" npx mocha --exit --timeout 20000 --reporter json \
    --reporter-option "output=$report" "$file" >"$report.log" 2>&1) || true
  if [[ -s "$report" ]] && counts=$(node -e '
      const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
      console.log(`${r.stats.passes} ${r.stats.failures} ${r.stats.pending}`);' "$report" 2>/dev/null); then
    read -r pass fail pending <<<"$counts"
  else
    pass=0 fail=1 pending=0
    crashed+=("$file")
  fi
  printf '%-52s %6d %6d %8d\n' "$file" "$pass" "$fail" "$pending"
  total_pass=$((total_pass + pass)) total_fail=$((total_fail + fail)) total_pending=$((total_pending + pending))
done

ran=$((total_pass + total_fail))
printf '%-52s %6d %6d %8d\n' "TOTAL (${#files[@]} files)" "$total_pass" "$total_fail" "$total_pending"
if [[ $ran -gt 0 ]]; then
  node -e 'const [p, r] = process.argv.slice(1).map(Number); console.log(`passed ${p} of ${r} run (${(100 * p / r).toFixed(2)} %), pending not counted`);' "$total_pass" "$ran"
fi
if [[ ${#crashed[@]} -gt 0 ]]; then
  echo "files without a report (crashed or timed out, counted as 1 failure each): ${crashed[*]}"
fi
echo "failure details: node -e 'for (const f of process.argv.slice(1)) for (const t of require(f).failures) console.log(f, \"|\", t.fullTitle, \"|\", (t.err.message || \"\").split(\"\\n\")[0])' $out/*.json"
