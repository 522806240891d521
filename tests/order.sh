#!/usr/bin/env bash
# The test files in the order npm test starts them, three at a time: the long ones first (CPU-seconds
# and wall, each file measured alone), so that the end of the run is short files filling both cores
# rather than one long file running alone. busyRunner's two CPU hogs run early, beside the kill check,
# as before. A named file that is gone is left out; any file not named runs after these.
set -euo pipefail
cd "$(dirname "$0")/.."
first=(
  tests/verdictChecks.test.ts
  tests/busyRunner.test.ts
  tests/cli.test.ts
  tests/shards.test.ts
  tests/hostile.test.ts
  tests/openapiRun.test.ts
  tests/conformanceRun.test.ts
  tests/installedPackage.test.ts
  tests/lia.test.ts
  tests/secretLeaks.test.ts
  tests/deployment.test.ts
  tests/toyApi.test.ts
  tests/target.test.ts
  tests/conformanceReportBrowser.test.ts
)
for file in "${first[@]}"; do [[ -e $file ]] && echo "$file"; done
ls tests/*.test.ts | grep -vxF -f <(printf '%s\n' "${first[@]}")
