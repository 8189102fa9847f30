#!/usr/bin/env bash
# `npm test`: every check, in order, stopping at the first failure:
# typecheck, lint, unit, integration (DynamoDB Local), e2e (the local server, every response checked against
# the OpenAPI document), the contract (those checks added up, Redocly lint), e2e again at hard instants of
# the service clock, infra (template assertions),
# browser (a real Chromium with axe-core), cdk synth (offline), the quick benchmark. Ends with the plain line "N passed, N failed" over all suites.
set -uo pipefail
cd "$(dirname "$0")/.."
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
export CDK_DISABLE_CLI_TELEMETRY=true
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

summary() { npx tsx test/support/summarize-results.ts "$results"; }

step() {
  local name=$1
  shift
  echo
  echo "== $name"
  if ! "$@"; then
    echo "npm test: '$name' failed"
    summary
    exit 1
  fi
}

vitest_project() {
  npx vitest run --project "$1" --reporter=default --reporter=json --outputFile.json="$results/$1.json"
}

step "fetch DynamoDB Local" npx tsx infra/local/fetch-dynamodb-local.ts
step typecheck npx tsc --noEmit -p tsconfig.json
step lint npx biome check .
step "unit tests" vitest_project unit
# Each integration and e2e file checks every response against the OpenAPI document (the e2e files against
# the one the server serves) and leaves its counts here for the contract step.
export OPENAPI_RESPONSES_DIR="$results/openapi-responses"
step "integration tests" vitest_project integration
step "e2e tests" vitest_project e2e
step "OpenAPI contract (responses checked, Redocly recommended lint)" \
  npx tsx test/support/openapi-check.ts "$OPENAPI_RESPONSES_DIR" "$results/openapi.json"
unset OPENAPI_RESPONSES_DIR

# The same e2e suite with the service's clock held at the instants where dates go wrong: just after
# midnight in Bucharest (the UTC date is still yesterday), the spring-forward and fall-back nights, and the
# last minute of each half-year. Each name below is Bucharest wall-clock time; the value is UTC.
hard_instant() {
  local name=$1 instant=$2
  # Left out, as they read no clock: the restore drill copies bytes, and the README walkthrough sets its own
  # clock to a fixed instant. Both run once, in the first e2e pass.
  E2E_NOW=$instant npx vitest run --project e2e --exclude test/e2e/restore-drill.test.ts \
    --exclude test/e2e/readme-walkthrough.test.ts --reporter=dot --reporter=json \
    --outputFile.json="$results/e2e-at-$name.json"
}
step "e2e at 00:30 Bucharest (2027-01-14)" hard_instant 0030 2027-01-13T22:30:00Z
step "e2e at 02:30 Bucharest before spring-forward (2027-03-28)" hard_instant spring 2027-03-28T00:30:00Z
step "e2e at 03:30 Bucharest, the first of two, at fall-back (2027-10-31)" hard_instant autumn 2027-10-31T00:30:00Z
step "e2e at 23:59 Bucharest on 31 December (2026)" hard_instant new-year 2026-12-31T21:59:00Z
step "e2e at 23:59 Bucharest on 30 June (2027)" hard_instant half-year 2027-06-30T20:59:00Z
step "browser tests (Chromium, axe-core)" vitest_project browser
step "infra tests" vitest_project infra
step "cdk synth" npx cdk synth --quiet
if [ -f test/bench/bench.ts ]; then
  step "benchmark (quick)" npx tsx test/bench/bench.ts --quick --results "$results/bench.json"
fi
summary
