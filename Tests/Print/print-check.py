#!/usr/bin/env python3
"""make print-check: every agenda and desk document, printed to A4 PDF by headless Chromium and
checked with poppler (pdftotext, pdfinfo) and zbar (zbarimg).

Checks, per PDF page:
  - rows:      no session row split across pages: after the repeated column headings, a page's
               first line is a session time (agendas) or a sign-in row number;
  - spill:     no page holds only a day's spill-over (one or two sessions of a day begun on the page
               before, and nothing else);
  - running:   the running header is absent from page 1, and on later pages is one line;
  - language:  a fixed word of the document's language on every page (column headings, role names,
               section titles) and none of another language (month and weekday names, labels,
               'Geneva' on a Spanish page);
  - badges:    every QR code decodes (pdftoppm -r 200 | zbarimg) to the check-in code of a
               participant, computed here with Python's hmac from the secret and the list's ids;
               every badge whole on its sheet (each page holds the layout's count, the last the rest).
Usage: print-check.py CARTAGENA_BINARY [WORK_DIR]
"""
import base64, csv, glob, hashlib, hmac, os, re, subprocess, sys, tempfile, threading
from concurrent.futures import ThreadPoolExecutor

BIN = os.path.abspath(sys.argv[1])
WORK = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else tempfile.mkdtemp(prefix="print-check-"))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CSV = os.path.join(ROOT, "Calendars/sample-registrations.csv")
SECRET = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"
failures = []

def fail(msg):
    failures.append(msg)
    print("FAIL " + msg)

def run(args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, cwd=ROOT, **kw)

EN_MONTHS = "January February March April May June July August September October November December".split()
ES_MONTHS = "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split()
FOREIGN = {
    # words that must not be on a page of the key's language
    "es": EN_MONTHS + "Monday Tuesday Wednesday Thursday Friday Saturday Sunday Geneva Room Session Venue Signature".split()
          + ["Time zone", "Head of delegation", "List of participants", "Not registered", "Delegate", "Cancelled", "Mexico City"],
    "en": [m for m in ES_MONTHS] + "lunes martes miércoles jueves viernes sábado domingo Ginebra Sesión Sede Firma Delegación".split()
          + ["Zona horaria", "Jefe/a de delegación", "Lista de participantes", "Sin inscripción", "Delegado/a", "Asesor/a", "Cancelada",
             ],
}

# at least one of these (the document's own fixed words) on every page
OWN = {
    "es": ["HORA", "NOMBRE", "Actividades", "Sedes", "Delegado/a", "Asesor/a", "Observador/a", "Jefe/a de delegación", "Suplente",
           "Sociedad civil", "Prensa", "Secretaría", "Lista de participantes", "Estados y territorios", "Sin inscripción previa",
           "Sede", "Fechas", "Dirección", "Markdown texto"],
    "en": ["TIME", "NAME", "Activities", "Venues", "Delegate", "Adviser", "Observer", "Head of delegation", "Alternate",
           "Civil society", "Press", "Staff", "List of participants", "States and territories", "Not registered",
           "Venue", "Dates", "Address", "Markdown text"],
}

def pages(pdf):
    n = int(re.search(r"Pages:\s+(\d+)", run(["pdfinfo", pdf]).stdout).group(1))
    return [run(["pdftotext", "-layout", "-f", str(i), "-l", str(i), pdf, "-"]).stdout for i in range(1, n + 1)]

def lines(text):
    return [l.strip() for l in text.splitlines() if l.strip()]

def running_of(html):
    m = re.search(r'@page \{ @top-left \{ content: "(.*)"; \} \}', html)
    if not m:
        return None
    return re.sub(r"\\([0-9a-f]+) ", lambda g: chr(int(g.group(1), 16)), m.group(1))

TIME = re.compile(r"^\d\d:\d\d–\d\d:\d\d")
COLS = {"en": re.compile(r"^TIME\s+SESSION\s+ROOM$"), "es": re.compile(r"^HORA\s+SESIÓN\s+SALA$")}

def check_language(name, lang, ps):
    for i, p in enumerate(ps, 1):
        if not any(re.search(r"(?<!\w)" + re.escape(w) + r"(?!\w)", p, re.IGNORECASE) for w in OWN[lang]):
            fail(f"{name} page {i}: none of the document's own words in '{lang}' (a page in another language?)")
        for w in FOREIGN[lang]:
            if re.search(r"(?<![\w/])" + re.escape(w) + (r"(?!\w)" if not w.endswith(" ") else ""), p):
                fail(f"{name} page {i}: '{w.strip()}' on a page in '{lang}'")

def check_running(name, html, ps):
    running = running_of(html)
    if running is None:
        return
    key = running[:40]
    if key in ps[0].replace("\n", " ") and running in [l for l in lines(ps[0])]:
        fail(f"{name} page 1: the running header is printed under the cover")
    for i, p in enumerate(ps[1:], 2):
        first = lines(p)[0] if lines(p) else ""
        if first != running:
            fail(f"{name} page {i}: the running header is not one line '{running}' (first line: '{first}')")

def check_agenda(name, lang, html, ps):
    heading_prev = set()
    for i, p in enumerate(ps, 1):
        ls = lines(p)
        cols = [k for k, l in enumerate(ls) if COLS[lang].match(l)]
        for k in cols:
            nxt = ls[k + 1] if k + 1 < len(ls) else ""
            if not TIME.match(nxt):
                fail(f"{name} page {i}: a session row is split across pages (after the headings: '{nxt[:60]}')")
        # day headings on this page: the lines just before each column-heading line
        headings = {ls[k - 1] for k in cols if k > 0}
        sessions = sum(1 for l in ls if TIME.match(l))
        if i > 1 and headings and headings <= heading_prev and sessions <= 2:
            fail(f"{name} page {i}: holds only the spill-over of a day begun on page {i - 1} ({sessions} session(s))")
        heading_prev = headings

def check_signin(name, lang, ps):
    for i, p in enumerate(ps, 1):
        ls = lines(p)
        for k, l in enumerate(ls):
            if l.startswith("#") and k + 1 < len(ls):
                nxt = ls[k + 1]
                if not re.match(r"^\d+(\s|$)", nxt) and not nxt.upper().startswith(("NOT REGISTERED", "SIN INSCRIPCIÓN")):
                    fail(f"{name} page {i}: a sign-in row is split across pages ('{nxt[:60]}')")

def expected_codes():
    key = bytes.fromhex(SECRET)
    with open(CSV, encoding="utf-8", newline="") as f:
        ids = [row["id"] for row in csv.DictReader(f)]
    return {base64.b32encode(hmac.new(key, ("check-in:" + i).encode(), hashlib.sha256).digest()[:20]).decode(): i for i in ids}

def check_badges(name, pdf, per_sheet, total, codes):
    n = len(pages(pdf))
    prefix = os.path.join(WORK, "png", os.path.basename(pdf)[:-4])
    os.makedirs(os.path.dirname(prefix), exist_ok=True)
    run(["pdftoppm", "-r", "200", "-gray", "-png", pdf, prefix])
    seen = []
    for i, png in enumerate(sorted(glob.glob(prefix + "-*.png")), 1):
        out = subprocess.run(["zbarimg", "-q", "--raw", png], capture_output=True, text=True).stdout.split()
        want = per_sheet if i < n else total - per_sheet * (n - 1)
        if len(out) < want:  # scan again at 300 dpi, as a reader would hold a badge closer
            again = prefix + f"-{i}-300"
            run(["pdftoppm", "-r", "300", "-gray", "-png", "-f", str(i), "-l", str(i), "-singlefile", pdf, again])
            out2 = subprocess.run(["zbarimg", "-q", "--raw", again + ".png"], capture_output=True, text=True).stdout.split()
            out = out2 if len(out2) > len(out) else out
        if len(out) != want:
            fail(f"{name} page {i}: {len(out)} QR codes decoded, {want} badges expected on the sheet")
        for c in out:
            if c not in codes:
                fail(f"{name} page {i}: QR code '{c}' is no participant's check-in code")
        seen += out
    if sorted(seen) != sorted(codes):
        fail(f"{name}: {len(set(seen))} distinct check-in codes decoded, {len(codes)} participants")

def main():
    os.makedirs(WORK, exist_ok=True)
    secret = os.path.join(WORK, "feeds.secret")
    open(secret, "w").write(SECRET + "\n")
    docs = []  # (name, lang, kind, html path)
    for lang in ("en", "es"):
        out = os.path.join(WORK, "agendas", lang)
        # PRINT_AGENDA_TEMPLATES: another template folder for the agendas, to see the checks catch a defect.
        alt = os.environ.get("PRINT_AGENDA_TEMPLATES")
        run([BIN, "agenda", "--all", "--lang", lang, "--out", out] + (["--templates", alt] if alt else []))
        docs.append((os.path.relpath(out + "/index.html", WORK), lang, "index", out + "/index.html"))
        for f in sorted(glob.glob(out + "/*/*.html")):
            docs.append((os.path.relpath(f, WORK), lang, "agenda", f))
        priv = os.path.join(WORK, "out.private", "desk")
        base = ["--registrations", CSV, "--lang", lang, "--out", priv]
        run([BIN, "participants"] + base)
        docs.append((f"participants.{lang}", lang, "list", f"{priv}/participants.{lang}.html"))
        for layout in ("a6", "card", "cr80"):
            run([BIN, "badges", "--layout", layout, "--secret-file", secret] + base)
            docs.append((f"badges-{layout}.{lang}", lang, "badges:" + layout, f"{priv}/badges-{layout}.{lang}.html"))
        for activity in ("ministerial", "c1-protection", "caribbean"):
            run([BIN, "signin", "--activity", activity] + base)
            docs.append((f"signin-{activity}.{lang}", lang, "signin", f"{priv}/signin-{activity}.{lang}.html"))
    only = os.environ.get("PRINT_ONLY")  # a regular expression on document names, to re-check a few
    if only:
        docs = [d for d in docs if re.search(only, d[0])]
    chromium = os.environ.get("CHROMIUM", "chromium")
    flags = ["--headless", "--disable-gpu", "--no-pdf-header-footer", "--virtual-time-budget=2000"]
    if os.geteuid() == 0:
        flags.append("--no-sandbox")
    def pdf(doc):
        name, lang, kind, html = doc
        out = html[:-5] + ".pdf"
        # A profile folder per worker keeps Chromium away from $HOME and the two runs apart.
        profile = os.path.join(WORK, ".chromium", str(threading.get_ident()))
        subprocess.run([chromium] + flags + [f"--user-data-dir={profile}", "--no-first-run", f"--print-to-pdf={out}", "file://" + html], check=True, capture_output=True, timeout=180)
        return out
    with ThreadPoolExecutor(max_workers=2) as pool:
        pdfs = list(pool.map(pdf, docs))
    codes = expected_codes()
    per = {"a6": 4, "card": 10, "cr80": 10}
    total_pages = 0
    for (name, lang, kind, html), out in zip(docs, pdfs):
        text = open(html, encoding="utf-8").read()
        ps = pages(out)
        total_pages += len(ps)
        check_language(name, lang, ps)
        if kind == "agenda":
            check_running(name, text, ps)
            check_agenda(name, lang, text, ps)
        elif kind == "list":
            check_running(name, text, ps)
        elif kind == "signin":
            check_running(name, text, ps)
            check_signin(name, lang, ps)
        elif kind.startswith("badges:"):
            check_badges(name, out, per[kind.split(":")[1]], len(codes), codes)
    print(f"print-check: {len(docs)} documents, {total_pages} A4 pages in '{WORK}': "
          + ("all checks passed" if not failures else f"{len(failures)} problem(s)"))
    sys.exit(1 if failures else 0)

main()
