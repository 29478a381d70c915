#!/usr/bin/env bash
# The stress run of issue 17: 20 writer processes × 60 s on four hot tickets against a
# real PostgreSQL server (started by scripts/pg.sh). Passes when every acknowledged
# write is in the database exactly once and every process exited 0 or 1 (a conflict);
# prints the counts. WRITERS=… SECONDS_=… change the defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
export AFTERCARE_TEST_PG_URL=${AFTERCARE_TEST_PG_URL:-$(scripts/pg.sh)}
export AFTERCARE_WRITERS=${WRITERS:-20}
export AFTERCARE_WRITE_SECONDS=${SECONDS_:-60}
cargo test --release --test pg_writers -- --ignored --nocapture
