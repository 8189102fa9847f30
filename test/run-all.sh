#!/usr/bin/env bash
# `npm test`: every check, in order, stopping at the first failure:
# typecheck, lint, unit, integration (DynamoDB Local), e2e (the local server), infra (template assertions),
# cdk synth (offline), the quick benchmark. Ends with the plain line "N passed, N failed" over all suites.
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
step "integration tests" vitest_project integration
step "e2e tests" vitest_project e2e
step "infra tests" vitest_project infra
step "cdk synth" npx cdk synth --quiet
if [ -f test/bench/bench.ts ]; then
  step "benchmark (quick)" npx tsx test/bench/bench.ts --quick --results "$results/bench.json"
fi
summary
