#!/usr/bin/env python3
"""Adapters so that the shared verify.py can check cartagena's output (the formats differ only in names).

  adapt.py feeds OUT VIEW [--every N] [--registrations R]
      VIEW/master.ics, VIEW/venues/<V>.ics and VIEW/personal/<participant id>.ics (every N-th
      row of OUT.private/index.csv, the private index beside OUT) from cartagena's OUT/cartagena40.ics, OUT/venues/<V>.ics and
      OUT/people/<token>.ics, with UIDs '<session>@cartagena40.cartagena' renamed to the
      workload's '<session>@cartagena40.example.org'. Nothing else in the text is changed.
      With --registrations, VIEW/registrations.csv is R without the rows of people who got no
      feed (cartagena leaves out a registrant whose row has an error that would make the feed
      wrong: an unknown session or delegation, no e-mail), and the personal feeds are those of
      its every N-th row: verify.py checks every N-th person who was published.
  adapt.py findings REPORT.json OUT.jsonl
      cartagena's `--format json` report ({"findings": [...]}, pretty-printed) as JSON lines
      {"row", "code", "value", "related"}, the shape verify.py reads (`room-overlap` is renamed
      `room-conflict`; `related` is the finding's related rows, or its subjects: the session pair).
"""
import csv, json, os, sys

def rewrite(src, dst):
    with open(src, encoding="utf-8", newline="") as f:
        text = f.read()
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    with open(dst, "w", encoding="utf-8", newline="") as f:
        f.write(text.replace("@cartagena40.cartagena", "@cartagena40.example.org"))

def feeds(out, view, every, registrations=None):
    rewrite(os.path.join(out, "cartagena40.ics"), os.path.join(view, "master.ics"))
    for name in sorted(os.listdir(os.path.join(out, "venues"))):
        rewrite(os.path.join(out, "venues", name), os.path.join(view, "venues", name))
    with open(os.path.normpath(out) + ".private/index.csv", encoding="utf-8", newline="") as f:
        files = {row["participant_id"]: row["file"] for row in csv.DictReader(f)}
    if registrations is None:
        wanted = [pid for n, pid in enumerate(sorted(files)) if n % every == 0]
    else:
        with open(registrations, encoding="utf-8", newline="") as f:
            lines = f.read().splitlines(keepends=True)
        kept = [lines[0]] + [l for l in lines[1:] if l.split(",", 1)[0] in files]
        os.makedirs(view, exist_ok=True)
        with open(os.path.join(view, "registrations.csv"), "w", encoding="utf-8", newline="") as f:
            f.writelines(kept)
        print(f"adapt: {len(lines) - len(kept)} registrants got no feed (left out)", file=sys.stderr)
        wanted = [l.split(",", 1)[0] for n, l in enumerate(kept[1:]) if n % every == 0]
    for pid in wanted:
        rewrite(os.path.join(out, files[pid]), os.path.join(view, "personal", pid + ".ics"))

# our codes whose names differ from the ones verify.py knows
CODES = {"room-overlap": "room-conflict"}

def findings(report, out):
    with open(report, encoding="utf-8") as f:
        items = json.load(f)["findings"]
    with open(out, "w", encoding="utf-8") as f:
        for x in items:
            related = x.get("related") or x.get("subjects") or x.get("related_rows") or []
            f.write(json.dumps({"row": x.get("row", x.get("line")), "code": CODES.get(x["code"], x["code"]), "value": x.get("value"),
                                "related": related}, ensure_ascii=False) + "\n")

if __name__ == "__main__":
    a = sys.argv[1:]
    if len(a) >= 3 and a[0] == "feeds":
        opts = dict(zip(a[3::2], a[4::2]))
        feeds(a[1], a[2], int(opts.get("--every", 1)), opts.get("--registrations"))
    elif len(a) == 3 and a[0] == "findings":
        findings(a[1], a[2])
    else:
        sys.exit(__doc__)
