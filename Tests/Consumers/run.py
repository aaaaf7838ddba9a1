"""The consumer suite: every feed `cartagena feeds` writes, read by the calendar libraries that
delegates' tools are built on and by a real CalDAV server (Radicale).

    python Tests/Consumers/run.py --bin .build/debug/cartagena [--radicale /usr/bin/radicale] [--keep]

Drives the CLI as a user would (`secret new`, then `feeds --out DIR --registrations ... --secret-file
...`), finds the feeds by globbing DIR, and for each feed and library reports one test. Ends with
'consumers: N passed, N failed'; exits 1 when any test failed.
"""
from __future__ import annotations

import argparse
import datetime as dt
import glob
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import traceback
import zoneinfo

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import caldav  # noqa: E402
import libraries  # noqa: E402
import reference as ref  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))
FIXTURES = os.path.join(HERE, "Fixtures")
PROGRAMMES = [
    # name, --plan arguments, registrations, ledger to start from, expectations
    ("cartagena40", [], os.path.join(ROOT, "Calendars/sample-registrations.csv"),
     os.path.join(ROOT, "Calendars/cartagena40.ledger.json"), None),
    ("dstcheck", ["--plan", os.path.join(FIXTURES, "dst.yaml")], os.path.join(FIXTURES, "dst-registrations.csv"),
     None, os.path.join(FIXTURES, "dst-expected.json")),
]
LANGUAGES = ["en", "es"]


class Tally:
    def __init__(self):
        self.passed, self.failed = 0, 0

    def record(self, name: str, problems: list[str]):
        if problems:
            self.failed += 1
            print(f"FAIL {name}")
            for p in problems[:8]:
                print(f"     {p}")
            if len(problems) > 8:
                print(f"     ... and {len(problems) - 8} more")
        else:
            self.passed += 1


def run_feeds(binary: str, work: str, name: str, plan: list[str], registrations: str, ledger: str | None,
              lang: str, secret: str) -> tuple[str, list[str]]:
    out = os.path.join(work, f"{name}-{lang}")
    ledger_copy = os.path.join(work, f"{name}-{lang}.ledger.json")
    if ledger and os.path.exists(ledger):
        shutil.copyfile(ledger, ledger_copy)
    cmd = [binary, "feeds", *plan, "--lang", lang, "--out", out, "--registrations", registrations,
           "--secret-file", secret, "--ledger", ledger_copy]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if r.returncode == 1 and "--force" in r.stderr:
        # A publishing gate that holds back feeds with errors (the sample registrations hold some
        # on purpose): what is published anyway is what consumers read.
        print(f"consumers: {name} {lang}: feeds asked for --force; running with it")
        cmd.append("--force")
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    problems = [] if r.returncode == 0 else [f"{' '.join(cmd)} exited {r.returncode}: {r.stderr.strip()[-600:]}"]
    return out, problems


def feeds_in(out: str) -> dict[str, list[str]]:
    """The .ics files under out, by kind (public, personal, delegation), as relative paths."""
    kinds: dict[str, list[str]] = {"public": [], "personal": [], "delegation": []}
    for path in sorted(glob.glob(os.path.join(out, "**", "*.ics"), recursive=True)):
        rel = os.path.relpath(path, out)
        top = rel.split(os.sep)[0]
        kinds["personal" if top == "people" else "delegation" if top == "delegations" else "public"].append(rel)
    return kinds


def expectation_problems(rel: str, cal: ref.Component, events: dict[str, ref.Event], expected: dict) -> list[str]:
    """The fixture's hand-written texts and instants, for every feed holding them."""
    out = []
    for k, want in expected["feeds"].get(rel, {}).items():
        got = ref.calendar_texts(cal).get(k)
        if got != want:
            out.append(f"calendar {k}: {got!r} instead of {want!r}")
    for uid, e in events.items():
        want = expected["events"].get(uid)
        if want is None:
            out.append(f"{uid}: not in the fixture's expectations")
            continue
        for k in ("SUMMARY", "LOCATION"):
            if e.texts.get(k) != want[k]:
                out.append(f"{uid} {k}: {e.texts.get(k)!r} instead of {want[k]!r}")
        if want["description_contains"] not in (e.texts.get("DESCRIPTION") or ""):
            out.append(f"{uid} DESCRIPTION lacks {want['description_contains']!r}")
        for k, got in (("start", e.start), ("end", e.end)):
            if got != dt.datetime.fromisoformat(want[k].replace("Z", "+00:00")):
                out.append(f"{uid} {k}: {got} instead of {want[k]}")
    return out


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--bin", required=True, help="the cartagena binary")
    p.add_argument("--radicale", default=shutil.which("radicale") or "/usr/bin/radicale")
    p.add_argument("--keep", action="store_true", help="keep the work folder")
    args = p.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that `finally` stops the server

    if not any(os.path.samefile(d, "/usr/share/zoneinfo") for d in zoneinfo.TZPATH if os.path.isdir(d)):
        print(f"python zoneinfo does not read the system tz database: TZPATH={zoneinfo.TZPATH}")
        return 1
    from importlib.metadata import version
    print("consumers: " + ", ".join(f"{d} {version(d)}" for d in
          ("icalendar", "python-dateutil", "pytz", "vobject", "recurring-ical-events", "ical")))

    tally = Tally()
    work = tempfile.mkdtemp(prefix="cartagena-consumers-")
    server = None
    try:
        secret = os.path.join(work, "feeds.secret")
        with open(secret, "w") as f:
            r = subprocess.run([args.bin, "secret", "new"], stdout=f, timeout=60)
        os.chmod(secret, 0o600)
        tally.record("cartagena secret new", [] if r.returncode == 0 else [f"exit {r.returncode}"])

        for name, plan, registrations, ledger, expected_file in PROGRAMMES:
            # A server per programme: Radicale (vobject) keeps the first VTIMEZONE it reads for a
            # TZID, and each programme's feeds share one VTIMEZONE per zone.
            if server is not None:
                server.stop()
            server = caldav.Radicale(os.path.join(work, f"radicale-{name}"), args.radicale)
            print(f"consumers: radicale on 127.0.0.1:{server.port} for {name}")
            expected = json.load(open(expected_file, encoding="utf-8")) if expected_file else {}
            for lang in LANGUAGES:
                out, problems = run_feeds(args.bin, work, name, plan, registrations, ledger, lang, secret)
                tally.record(f"{name} {lang}: feeds", problems)
                if problems:
                    continue
                kinds = feeds_in(out)
                tally.record(f"{name} {lang}: public, personal and delegation feeds written",
                             [f"no {k} feed in {out}" for k, v in kinds.items() if not v])
                check_folder(tally, server, name, lang, out, kinds, expected.get(lang))
    except Exception:
        tally.record("consumer suite", [traceback.format_exc()])
    finally:
        if server is not None:
            server.stop()
        if args.keep:
            print(f"consumers: work folder kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(f"consumers: {tally.passed} passed, {tally.failed} failed")
    return 1 if tally.failed else 0


def check_folder(tally: Tally, server, name: str, lang: str, out: str, kinds: dict[str, list[str]], expected):
    parsed = {}
    for kind, paths in kinds.items():
        for rel in paths:
            data = open(os.path.join(out, rel), "rb").read()
            label = f"{name} {lang} {kind} {rel if kind == 'public' else os.path.basename(rel)[:12] + '…'}"
            try:
                cal, form = ref.parse(data)
                events = {e.uid: e for e in ref.events(cal)}
            except Exception as e:  # the reference reading itself failed: nothing else can be checked
                tally.record(f"{label} reference", [repr(e)])
                continue
            parsed[rel] = (data, cal, events)
            problems = list(form)
            if "TZUNTIL" in data.decode("utf-8"):
                problems.append("a TZUNTIL line")
            if not events:
                problems.append("no events")
            # NAME and DESCRIPTION go through libical's TEXT writer, their X-WR- twins through
            # ours: both were given the same text.
            texts = ref.calendar_texts(cal)
            for a, b in (("NAME", "X-WR-CALNAME"), ("DESCRIPTION", "X-WR-CALDESC")):
                if texts.get(a) != texts.get(b):
                    problems.append(f"{a} {texts.get(a)!r} but {b} {texts.get(b)!r}")
            if expected is not None:
                problems += expectation_problems(rel, cal, events, expected)
            tally.record(f"{label} reference reading", problems)
            for lib, check in libraries.LIBRARIES.items():
                try:
                    problems = check(data, cal, events)
                except Exception:
                    problems = [traceback.format_exc(limit=3)]
                tally.record(f"{label} {lib}", problems)
    # Radicale: the programme feed event by event, each activity's dates, and every public and
    # delegation feed (and the first personal ones) uploaded whole.
    main = [rel for rel in kinds["public"] if os.sep not in rel]
    activities = [list(parsed[rel][2].values()) for rel in kinds["public"] if rel.startswith("activities" + os.sep)]
    for rel in main:
        path = f"/{caldav.USER}/{name}-{lang}-events/"
        for test, problems in caldav.check_events(server, path, parsed[rel][1], activities).items():
            tally.record(f"{name} {lang} radicale {rel} {test}", problems)
    whole = kinds["public"] + kinds["delegation"] + kinds["personal"][:5]
    for n, rel in enumerate(whole):
        path = f"/{caldav.USER}/{name}-{lang}-whole-{n}/"
        tally.record(f"{name} {lang} radicale whole {rel}", caldav.check_whole(server, path, parsed[rel][0], parsed[rel][1]))


if __name__ == "__main__":
    sys.exit(main())
