#!/usr/bin/env bash
# Benchmarks cartagena against the shared anchors (../shared/bench) and prints one table.
#
#   Benchmarks/run.sh [--runs N] [--only feeds,registrations,xlsx,conflicts,ics] [--programme json|yaml] [--python-icalendar]
#
# Environment: BENCH_DIR (default: ../shared/bench beside the repository), BENCH_WORK (default:
# /dev/shm/cartagena-bench: tmpfs, as the shared README asks; about 1.5 GB of workloads and outputs,
# each output folder overwritten by every run). Needs python3 with icalendar (verify.py), cc,
# pkg-config, libical-dev and libjson-c-dev (for the C anchor); openpyxl for the .xlsx workload
# (Benchmarks/requirements.txt). Not run by CI.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BENCH="${BENCH_DIR:-$ROOT/../shared/bench}"
WORK="${BENCH_WORK:-/dev/shm/cartagena-bench}"
BENCH="$(cd "$BENCH" && pwd)"
mkdir -p "$WORK"

echo "== release build" >&2
(cd "$ROOT" && swift build -c release --scratch-path .build-release --product cartagena >&2)
BIN="$ROOT/.build-release/release/cartagena"

echo "== anchor_libical" >&2
pkg-config --exists json-c libical || { echo "run.sh: needs libical-dev and libjson-c-dev (apt-get install -y libical-dev libjson-c-dev pkg-config)" >&2; exit 2; }
cc -O2 -o "$WORK/anchor_libical" "$BENCH/anchor_libical.c" $(pkg-config --cflags --libs libical json-c)

echo "== workloads (seed 40) in $WORK" >&2
for size in large huge conflicts; do
    if [ ! -f "$WORK/$size/truth.json" ]; then
        python3 "$BENCH/gen_workload.py" --size "$size" --out "$WORK/$size" >&2
    fi
    python3 "$ROOT/Benchmarks/to_programme.py" "$WORK/$size/plan.json" "$WORK/$size/programme.yaml"
    python3 "$ROOT/Benchmarks/to_programme.py" "$WORK/$size/plan.json" "$WORK/$size/programme.json"
done
[ -s "$WORK/secret" ] || "$BIN" secret new > "$WORK/secret"
chmod 600 "$WORK/secret"
# A one-session programme in 2030 for `check --against`: the time is the reading of the .ics.
mkdir -p "$WORK/empty"
cat > "$WORK/empty/programme.yaml" <<'YAML'
programme:
  id: cartagena40
  title: "Reading an outside calendar"
  organiser: {name: "Benchmark Secretariat", email: secretariat@example.org}
  updated: 2024-03-01T00:00:00Z
venues:
  - {id: V1, name: "Venue", city: "Genève", country: CHE, timezone: Europe/Zurich, rooms: [{id: R1, capacity: 10}]}
activities:
  - id: E1
    kind: other
    title: "An activity"
    venue: V1
    start: 2030-01-07
    status: confirmed
    sessions:
      - {id: S1, title: "A session", room: R1, start: 2030-01-07T09:00, end: 2030-01-07T10:00}
YAML

python3 "$ROOT/Benchmarks/bench.py" --cartagena "$BIN" --bench "$BENCH" --work "$WORK" "$@"
echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr), $(swift --version 2>/dev/null | head -1)"
