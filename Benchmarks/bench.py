#!/usr/bin/env python3
"""Times cartagena against the shared anchors and prints one table (called by Benchmarks/run.sh).

  bench.py --cartagena BIN --bench SHARED_BENCH_DIR --work DIR [--runs N] [--only NAME,...] [--programme json|yaml]
           [--python-icalendar]

Our programme is read from programme.json (the fast form for large programmes, the default) or,
with --programme yaml, from programme.yaml: the same programme, written by to_programme.py. The
conflict check is timed from both forms in every call (one row each), and the feeds both with the
ledger (as users run them) and with --no-ledger.

Each row runs our command and its anchor in alternating pairs (one warm-up pair, then N pairs),
each run a whole process timed by the shared timeit.py (wall clock, peak RSS from GNU time).
The table shows medians. Before timing, each command is run once and its output verified with
the shared verify.py (through Benchmarks/adapt.py where our formats differ).
"""
import argparse, json, os, re, statistics, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))

def timeit(bench, cmd):
    out = subprocess.run([sys.executable, os.path.join(bench, "timeit.py"), "-n", "1", "--warmup", "0", "--", *cmd],
                         capture_output=True, text=True).stdout
    wall = float(re.search(r"wall s\s+min\s+\S+\s+median\s+(\S+)", out).group(1))
    rss = float(re.search(r"peak MiB\s+min\s+\S+\s+median\s+(\S+)", out).group(1))
    codes = re.search(r"exit codes \[(.*)\]", out).group(1)
    return wall, rss, codes

def pairs(bench, ours, anchor, runs):
    a, b = [], []
    timeit(bench, ours); timeit(bench, anchor)  # warm-up pair: page cache, tmpfs folders
    for _ in range(runs):
        a.append(timeit(bench, ours)); b.append(timeit(bench, anchor))
    med = lambda xs, i: statistics.median(x[i] for x in xs)
    return (med(a, 0), med(a, 1), a[-1][2]), (med(b, 0), med(b, 1), b[-1][2])

def run(cmd, **kw):
    print("+ " + " ".join(cmd), file=sys.stderr)
    return subprocess.run(cmd, **kw)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cartagena", required=True)
    ap.add_argument("--bench", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--only", default="feeds,registrations,xlsx,conflicts,ics")
    ap.add_argument("--python-icalendar", action="store_true", help="also time anchor_icalendar.py once (about 105 s)")
    ap.add_argument("--programme", choices=["json", "yaml"], default="json", help="which form of our programme to read")
    a = ap.parse_args()
    P = "programme." + a.programme
    B, W, C = a.bench, a.work, a.cartagena
    anchor_c = os.path.join(W, "anchor_libical")
    py = sys.executable
    only = set(a.only.split(","))
    rows, verified = [], {}

    def verify(name, cmd):
        r = run(cmd, capture_output=True, text=True)
        ok = r.returncode == 0
        verified[name] = ok
        print(f"verify {name}: {'ok' if ok else 'FAILED'} {r.stdout.strip()} {r.stderr.strip()[-300:]}", file=sys.stderr)

    notes = []

    def gate_share(cmd, wall):
        """The publishing gate (the programme checks before any feed) as a share of the run, from
        CARTAGENA_TIMINGS' 'programme checked' phase (median of 3 runs)."""
        times = []
        for _ in range(3):
            r = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "CARTAGENA_TIMINGS": "1"})
            m = re.search(r"timing: programme checked\s+(\S+) s", r.stderr)
            if m:
                times.append(float(m.group(1)))
        if times:
            t = statistics.median(times)
            notes.append(f"feeds: the publishing gate (programme checks) takes {t:.3f} s of {wall:.2f} s, "
                         f"{100 * t / wall:.1f}% (target < 10%: {'yes' if t / wall < 0.1 else 'NO'})")

    def truth_without(size, drop):
        with open(f"{W}/{size}/truth.json") as f:
            t = json.load(f)
        for k in drop:
            t.pop(k, None)
        path = f"{W}/{size}/truth-{'-'.join(drop) or 'all'}.json"
        with open(path, "w") as f:
            json.dump(t, f)
        return path

    if "feeds" in only:
        L = f"{W}/large"
        # As users run it: with the ledger (beside the work folder, so that every run after the
        # first reads and rewrites the ledger of an unchanged programme), then with --no-ledger.
        # Both write into the same folder: the warm-up pair of each row absorbs the switch.
        base = [C, "feeds", "--plan", f"{L}/{P}", "--registrations", f"{L}/registrations.csv",
                "--secret-file", f"{W}/secret", "--out", f"{W}/out-ours", "--quiet",
                "--force"]  # the workload plants room conflicts on purpose: publish despite them
        anchor = [anchor_c, "--plan", f"{L}/plan.json", "--registrations", f"{L}/registrations.csv",
                  "--out", f"{W}/out-anchor", "--reuse-text"]
        name = "feeds, large: programme + 6 activity + 6 venue + 100,000 personal + delegation feeds"
        for label, ledger in (("with the ledger", ["--ledger", f"{W}/large.ledger.json"]), ("--no-ledger", ["--no-ledger"])):
            ours = base + ledger
            run(ours, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            run([py, f"{HERE}/adapt.py", "feeds", f"{W}/out-ours", f"{W}/view-large", "--every", "100",
                 "--registrations", f"{L}/registrations.csv"])
            # Every 100th person who got a feed (rows with an unknown session or delegation, or no
            # e-mail, get none: see the README).
            verify("feeds " + label, [py, f"{B}/verify.py", "feeds", "--plan", f"{L}/plan.json", "--registrations",
                                      f"{W}/view-large/registrations.csv", "--out", f"{W}/view-large", "--every", "100"])
            o, x = pairs(B, ours, anchor, a.runs)
            rows.append((f"{name}, {label}" if label.startswith("with") else f"same, {label}",
                         "libical C, text reused", o, x, 1.5, 100, "feeds " + label))
            if ledger[0] == "--ledger":
                gate_share(ours, o[0])
        if a.python_icalendar:
            p = timeit(B, [py, f"{B}/anchor_icalendar.py", "--plan", f"{L}/plan.json", "--registrations",
                           f"{L}/registrations.csv", "--out", f"{W}/out-python"])
            rows.append(("feeds, large (same)", "Python icalendar (1 run)", o, p, 1 / 50, 100, "feeds --no-ledger"))

    if "registrations" in only:
        H = f"{W}/huge"
        ours = [C, "registrations", "check", f"{H}/registrations.csv", "--plan", f"{H}/{P}", "--format", "json"]
        anchor = [py, f"{B}/anchor_checks.py", "--plan", f"{H}/plan.json", "--registrations", f"{H}/registrations.csv",
                  "--out", f"{W}/anchor-huge.jsonl", "--only", "all"]
        with open(f"{W}/ours-huge.json", "w") as f:
            run(ours, stdout=f)
        run([py, f"{HERE}/adapt.py", "findings", f"{W}/ours-huge.json", f"{W}/ours-huge.jsonl"])
        verify("registrations", [py, f"{B}/verify.py", "findings", "--truth", truth_without("huge", ["room_conflicts"]),
                                 f"{W}/ours-huge.jsonl"])
        o, x = pairs(B, ours, anchor, a.runs)
        rows.append(("registrations check, huge: 1,000,000 rows, every check", "Python csv (all checks)", o, x, 0.1, 250,
                     "registrations"))

    if "xlsx" in only:
        # The same million rows as an Excel workbook, beside the CSV: the anchor is our own CSV run.
        H = f"{W}/huge"
        book = f"{H}/registrations.xlsx"
        if not os.path.exists(book) or os.path.getmtime(book) < os.path.getmtime(f"{H}/registrations.csv"):
            run([py, f"{HERE}/to_xlsx.py", f"{H}/registrations.csv", book])
        ours = [C, "registrations", "check", book, "--plan", f"{H}/{P}", "--format", "json"]
        csv_run = [C, "registrations", "check", f"{H}/registrations.csv", "--plan", f"{H}/{P}", "--format", "json"]
        with open(f"{W}/ours-huge-xlsx.json", "w") as f:
            run(ours, stdout=f)
        run([py, f"{HERE}/adapt.py", "findings", f"{W}/ours-huge-xlsx.json", f"{W}/ours-huge-xlsx.jsonl"])
        verify("xlsx", [py, f"{B}/verify.py", "findings", "--truth", truth_without("huge", ["room_conflicts"]),
                        f"{W}/ours-huge-xlsx.jsonl"])
        o, x = pairs(B, ours, csv_run, a.runs)
        rows.append(("registrations check, huge as .xlsx: 1,000,000 rows, every check", "ours on the CSV", o, x, 2, 250, "xlsx"))

    if "conflicts" in only:
        # From both forms of the programme in every call: YAML is what users write.
        K = f"{W}/conflicts"
        anchor = [py, f"{B}/anchor_checks.py", "--plan", f"{K}/plan.json", "--registrations", f"{K}/registrations.csv",
                  "--out", f"{W}/anchor-conflicts.jsonl", "--only", "conflicts"]
        truth = truth_without("conflicts", ["duplicates", "invalid_emails", "unknown_sessions", "unknown_delegations",
                                            "over_capacity_sessions"])
        for form, limit in (("yaml", 1 / 1.5), ("json", 1 / 3)):
            ours = [C, "check", "--plan", f"{K}/programme.{form}", "--registrations", f"{K}/registrations.csv", "--format", "json"]
            with open(f"{W}/ours-conflicts.json", "w") as f:
                run(ours, stdout=f)
            run([py, f"{HERE}/adapt.py", "findings", f"{W}/ours-conflicts.json", f"{W}/ours-conflicts.jsonl"])
            verify("conflicts " + form, [py, f"{B}/verify.py", "findings", "--truth", truth, f"{W}/ours-conflicts.jsonl"])
            o, x = pairs(B, ours, anchor, a.runs)
            rows.append((f"check --registrations, conflicts: 100,000 sessions, 100,000 people, programme from {form.upper()}",
                         "Python csv (conflicts)", o, x, limit, None, "conflicts " + form))

    if "ics" in only:
        K = f"{W}/conflicts"
        ics = f"{W}/ics100k"
        if not os.path.exists(f"{ics}/master.ics"):
            run([anchor_c, "--plan", f"{K}/plan.json", "--out", ics, "--phase", "master"], stdout=subprocess.DEVNULL)
        ours = [C, "check", "--plan", f"{W}/empty/programme.yaml", "--against", f"{ics}/master.ics", "--format", "json"]
        anchor = [anchor_c, "--out", ics, "--phase", "parse"]
        o, x = pairs(B, ours, anchor, a.runs)
        rows.append(("check --against a 100,000-event .ics (programme of 1 session)", "libical C parser", o, x, 1.5, None, None))

    print()
    print("| workload | anchor | ours wall | anchor wall | ours / anchor | ours peak RSS | anchor peak RSS | target | met |")
    print("|---|---|---:|---:|---:|---:|---:|---|---|")
    for name, anchor_name, o, x, limit, rss_limit, vname in rows:
        ratio = o[0] / x[0]
        met = ratio <= limit and (rss_limit is None or o[1] < rss_limit)
        target = (f"≤ {limit:g}×" if limit >= 1 else f"≥ {1 / limit:g}× faster") + (f", < {rss_limit} MB" if rss_limit else "")
        ok = verified.get(vname, True) if vname else True
        shown = (f"{ratio:.2f}× ({x[0] / o[0]:.1f}× faster)" if ratio < 1
                 else f"{ratio:.2f}× (slower)" if limit < 1 else f"{ratio:.2f}×")
        print(f"| {name} | {anchor_name} | {o[0]:.2f} s | {x[0]:.2f} s | {shown} |"
              f" {o[1]:.0f} MiB | {x[1]:.0f} MiB | {target} | {'yes' if met else 'NO'}{'' if ok else ' (verify.py: differences, see stderr)'} |")
    print(f"\nmedian of {a.runs} alternating pairs after a warm-up pair; exit codes are 1 where findings are errors")
    for n in notes:
        print(n)

if __name__ == "__main__":
    main()
