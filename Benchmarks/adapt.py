#!/usr/bin/env python3
"""Adapters so that the shared verify.py can check cartagena's output (the formats differ only in names).

  adapt.py feeds OUT VIEW [--every N]
      VIEW/master.ics, VIEW/venues/<V>.ics and VIEW/personal/<participant id>.ics (every N-th
      row of OUT.private/index.csv, the private index beside OUT) from cartagena's OUT/cartagena40.ics, OUT/venues/<V>.ics and
      OUT/people/<token>.ics, with UIDs '<session>@cartagena40.cartagena' renamed to the
      workload's '<session>@cartagena40.example.org'. Nothing else in the text is changed.
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

def feeds(out, view, every):
    rewrite(os.path.join(out, "cartagena40.ics"), os.path.join(view, "master.ics"))
    for name in sorted(os.listdir(os.path.join(out, "venues"))):
        rewrite(os.path.join(out, "venues", name), os.path.join(view, "venues", name))
    with open(os.path.normpath(out) + ".private/index.csv", encoding="utf-8", newline="") as f:
        for n, row in enumerate(csv.DictReader(f)):
            if n % every == 0:
                rewrite(os.path.join(out, row["file"]), os.path.join(view, "personal", row["participant_id"] + ".ics"))

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
        feeds(a[1], a[2], int(a[4]) if len(a) == 5 and a[3] == "--every" else 1)
    elif len(a) == 3 and a[0] == "findings":
        findings(a[1], a[2])
    else:
        sys.exit(__doc__)
