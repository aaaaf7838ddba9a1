#!/usr/bin/env python3
"""Writes the export-shape fixtures: registration lists laid out as Indico, Eventbrite, Cvent,
Google Forms and Microsoft Forms write them (header names, column order, value shapes), as CSV
(UTF-8, Windows-1252, ';') and as Excel workbooks written by openpyxl (1900 and 1904 date
systems, shared and inline strings), plus an old binary .xls (xlwt) and a password-protected
.xlsx (msoffcrypto-tool). The outputs are committed, so the Swift tests need no Python.

    pip install openpyxl xlwt msoffcrypto-tool && python3 make_exports.py
"""
import csv, datetime, io, os, re, zipfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))

# Four people for Tests/RegistrationsTests/Fixtures/mini.yaml; sessions they picked.
PEOPLE = [
    ("P-001", "Ana", "Pérez", "ana.perez@example.org", "MEX", ["c1-opening", "c1-panel"], "Head of delegation"),
    ("P-002", "João", "Gonçalves", "joao.goncalves@example.org", "ARG", ["c1-opening", "c1-closing"], "Delegate"),
    ("P-003", "Chloé", "Dubois", "chloe.dubois@example.org", "CHL", ["c1-panel"], "Delegate"),
    ("P-004", "Kerry-Ann", "O'Connor", "kerry.oconnor@example.org", "COL", ["c2-opening"], "Observer"),
]


def write_csv(name, header, rows, delimiter=",", encoding="utf-8"):
    with open(os.path.join(HERE, name), "w", newline="", encoding=encoding) as f:
        w = csv.writer(f, delimiter=delimiter, lineterminator="\r\n")
        w.writerow(header)
        w.writerows(rows)


def indico():
    # Indico's registrant export: ID, personal data fields, then the form's own fields.
    header = ["ID", "First Name", "Last Name", "Email Address", "Affiliation", "Position", "Country",
              "Delegation", "Sessions", "Registration date", "Registration state"]
    rows = [[str(i + 1), g, f, e, "Ministry of Foreign Affairs", r, "", d, "; ".join(s), "2024-03-0%d 10:1%d" % (i + 1, i), "complete"]
            for i, (_, g, f, e, d, s, r) in enumerate(PEOPLE)]
    write_csv("indico.csv", header, rows)
    # The same export in French, saved by Excel as plain CSV on French Windows: ';' and Windows-1252.
    fr = ["ID", "Prénom", "Nom", "Adresse e-mail", "Affiliation", "Fonction", "Pays", "Délégation", "Séances",
          "Date d'inscription", "État de l'inscription"]
    write_csv("indico-fr-windows-1252.csv", fr, rows, delimiter=";", encoding="cp1252")

    # Spanish Excel's plain "CSV (delimitado por comas)" on Windows, read without --encoding:
    # ';', CRLF and Windows-1252 (ç, ã, é, ú, ë, €, —, «»), with its own headers.
    es = ["Nombre", "Apellidos", "Correo electrónico", "Delegación", "Sesiones", "Teléfono", "Observaciones"]
    write_csv("excel-es-windows-1252.csv", es, [
        ["Maria da Conceição", "Gonçalves", "mconceicao@example.org", "ARG", "c1-opening; c1-closing", "+54 11 5555 0101", "Cuota pagada: 120 €"],
        ["José Ramón", "Pérez Núñez", "jose.perez@example.org", "MEX", "c1-panel", "+52 55 5555 0102", "Menú sin gluten — «vegetariano»"],
        ["Zoë", "Müller", "zoe.muller@example.org", "CHL", "c2-opening", "", ""],
    ], delimiter=";", encoding="cp1252")

def eventbrite():
    # Eventbrite's attendee report: one row per ticket; the ticket type names the session.
    header = ["Order #", "Order Date", "First Name", "Last Name", "Email", "Quantity", "Price Tier", "Ticket Type",
              "Attendee #", "Group", "Order Type", "Currency", "Total Paid", "Attendee Status", "Delegation (country code)"]
    rows, attendee = [], 1001
    for i, (_, g, f, e, d, s, r) in enumerate(PEOPLE):
        for session in s:
            rows.append([str(5000 + i), "2024-03-0%d 09:00" % (i + 1), g, f, e, "1", "", session, str(attendee), "",
                         "Free Order", "USD", "0", "Attending", d])
            attendee += 1
    write_csv("eventbrite.csv", header, rows)
    return header, rows


def cvent():
    # Cvent's registration report in Portuguese, saved by Excel in Brazil: ';'-delimited UTF-8 with BOM.
    header = ["Número de confirmação", "Nome", "Sobrenome", "Endereço de e-mail", "Empresa", "Cargo",
              "Código da delegação", "Código da sessão", "Tipo de inscrição", "Data de inscrição"]
    rows = []
    for i, (_, g, f, e, d, s, r) in enumerate(PEOPLE):
        for session in s:
            rows.append(["K7Q%03d" % (i + 1), g, f, e, "Ministério", r, d, session, "Delegado", "04/03/2024"])
    with open(os.path.join(HERE, "cvent-pt-semicolon.csv"), "w", newline="", encoding="utf-8-sig") as out:
        w = csv.writer(out, delimiter=";", lineterminator="\r\n")
        w.writerow(header)
        w.writerows(rows)


def google_forms():
    # Google Forms' response sheet in Spanish: 'Marca temporal', the collected address, then the
    # questions; checkbox answers joined with ', '.
    header = ["Marca temporal", "Dirección de correo electrónico", "Nombre(s)", "Apellido(s)", "Delegación", "Sesiones"]
    rows = [["2024/03/0%d 10:1%d:00 a. m. GMT-6" % (i + 1, i), e, g, f, d, ", ".join(s)]
            for i, (_, g, f, e, d, s, r) in enumerate(PEOPLE)]
    write_csv("google-forms-es.csv", header, rows)


def registration_system():
    # The per-registration shape of issue 12, with snake_case headers.
    header = ["reg_id", "given_names", "family_names", "email", "delegation_code", "activity_code", "session_code", "role"]
    rows, n = [], 1
    for _, g, f, e, d, s, r in PEOPLE:
        for session in s:
            rows.append(["R%04d" % n, g, f, e, d, session.split("-")[0], session, r.lower()])
            n += 1
    write_csv("registration-system.csv", header, rows)


def microsoft_forms():
    # Microsoft Forms' results workbook: ID, start and completion times (dates), the respondent's
    # e-mail and name, then one column per question; multiple answers joined with ';' and a final ';'.
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.title = "Form1"
    ws.append(["ID", "Start time", "Completion time", "Email", "Name", "Last modified time",
               "First name", "Last name", "Delegation", "Sessions"])
    for i, (_, g, f, e, d, s, r) in enumerate(PEOPLE):
        start = datetime.datetime(2024, 3, 1 + i, 10, 15)
        ws.append([i + 1, start, start + datetime.timedelta(minutes=4), e, g + " " + f, None, g, f, d, ";".join(s) + ";"])
        for c in (2, 3):
            ws.cell(row=i + 2, column=c).number_format = "m/d/yy h:mm"
    wb.save(os.path.join(HERE, "microsoft-forms.xlsx"))
    shared_strings(os.path.join(HERE, "microsoft-forms.xlsx"))


def eventbrite_xlsx(header, rows):
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.title = "Attendees"
    ws.append(header)
    for r in rows:
        ws.append([int(v) if v.isdigit() and len(v) < 10 else v for v in r])
    wb.create_sheet("Summary").append(["Tickets", len(rows)])
    wb.save(os.path.join(HERE, "eventbrite.xlsx"))
    shared_strings(os.path.join(HERE, "eventbrite.xlsx"))


def dates_1904():
    # A workbook with the 1904 date system: dates as serial numbers, a phone as a number, a boolean,
    # an empty row in the middle (row 4) and empty cells; the arrival of row 2 is after its first session.
    from openpyxl import Workbook
    wb = Workbook()
    wb.epoch = datetime.datetime(1904, 1, 1)  # openpyxl.utils.datetime.CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "Inscripciones"
    ws.append(["Nombre", "Apellido", "Correo electrónico", "Delegación", "Sesiones", "Llegada", "Salida", "Teléfono", "Jefe de delegación", "Notas"])
    rows = [
        ["Ana", "Pérez", "ana.perez@example.org", "MEX", "c1-opening; c1-panel", datetime.date(2024, 4, 5), datetime.date(2024, 4, 6), 525555550101, True, None],
        ["João", "Gonçalves", "joao.goncalves@example.org", "ARG", "c1-opening", datetime.date(2024, 4, 3), datetime.date(2024, 4, 5), None, False, "sin gluten"],
        None,
        ["Chloé", "Dubois", "chloe.dubois@example.org", "CHL", "c1-panel", datetime.date(2024, 4, 3), None, 3.5, False, None],
    ]
    for r in rows:
        ws.append(r if r else [])
    for row in ws.iter_rows(min_row=2, min_col=6, max_col=7):
        for c in row:
            if c.value is not None:
                c.number_format = "yyyy-mm-dd"
    wb.save(os.path.join(HERE, "dates-1904.xlsx"))
    shared_strings(os.path.join(HERE, "dates-1904.xlsx"))


def rewrite(path, change):
    """Rewrites the parts of a workbook: change(parts) edits the dict name -> bytes."""
    with zipfile.ZipFile(path) as src:
        parts = {item.filename: src.read(item.filename) for item in src.infolist()}
    change(parts)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)


def shared_strings(path):
    """openpyxl writes inline strings; Excel (and so Microsoft Forms, Eventbrite, Cvent) writes a
    shared string table. Move every inline string of every sheet into one."""
    def change(parts):
        table, index = [], {}

        def share(m):
            attrs, text = m.group(1), m.group(2)
            if text not in index:
                index[text] = len(table)
                table.append(text)
            return '<c%s t="s"><v>%d</v></c>' % (attrs, index[text])

        for name in [n for n in parts if n.startswith("xl/worksheets/")]:
            parts[name] = re.sub(r'<c([^>]*?) t="inlineStr"><is><t>(.*?)</t></is></c>', share, parts[name].decode(), flags=re.S).encode()
        sst = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">%s</sst>' % (
            len(table), len(table), "".join("<si><t>%s</t></si>" % t for t in table))
        parts["xl/sharedStrings.xml"] = sst.encode()
        rels = parts["xl/_rels/workbook.xml.rels"].decode()
        parts["xl/_rels/workbook.xml.rels"] = rels.replace("</Relationships>",
            '<Relationship Id="rIdSST" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>').encode()
        types = parts["[Content_Types].xml"].decode()
        parts["[Content_Types].xml"] = types.replace("</Types>",
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>').encode()
    rewrite(path, change)


def inline_strings():
    # Inline strings as openpyxl writes them, plus a rich-text cell (two runs) with a phonetic
    # hint that is not part of the value.
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.append(["given name", "family name", "email", "delegation", "sessions"])
    for _, g, f, e, d, s, r in PEOPLE[:3]:
        ws.append([g, f, e, d, ";".join(s)])
    path = os.path.join(HERE, "inline-strings.xlsx")
    wb.save(path)

    def change(parts):
        sheet = parts["xl/worksheets/sheet1.xml"].decode()
        rich = '<is><r><t>Pé</t></r><r><rPr><b/></rPr><t>rez</t></r><rPh sb="0" eb="1"><t>ペ</t></rPh></is>'
        parts["xl/worksheets/sheet1.xml"] = sheet.replace("<is><t>Pérez</t></is>", rich).encode()
    rewrite(path, change)


def damaged():
    # A workbook whose sheet XML stops in the middle of a row, and an XML entity bomb in a
    # shared string table: each must give a located exit-2 error, not a crash or a hang.
    import shutil
    path = os.path.join(HERE, "damaged-sheet.xlsx")
    shutil.copy(os.path.join(HERE, "inline-strings.xlsx"), path)

    def cut(parts):
        sheet = parts["xl/worksheets/sheet1.xml"]
        parts["xl/worksheets/sheet1.xml"] = sheet[: sheet.index(b"<row r=\"3\"") + 20]
    rewrite(path, cut)
    path = os.path.join(HERE, "entity-bomb.xlsx")
    shutil.copy(os.path.join(HERE, "eventbrite.xlsx"), path)

    def bomb(parts):
        entities = '<!ENTITY a0 "xxxxxxxxxx">' + "".join('<!ENTITY a%d "%s">' % (i, ("&a%d;" % (i - 1)) * 10) for i in range(1, 12))
        sst = parts["xl/sharedStrings.xml"].decode()
        sst = sst.replace("<sst ", "<!DOCTYPE sst [%s]><sst " % entities, 1).replace("<t>Ana</t>", "<t>&a11;</t>", 1)
        parts["xl/sharedStrings.xml"] = sst.encode()
    rewrite(path, bomb)


def formulas():
    # Formula cells, as a desk's own workbook or a hostile one has them: a HYPERLINK in the
    # notes, a shared formula filled down a computed column. The values are not cached (openpyxl).
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.append(["given name", "family name", "email", "delegation", "sessions", "notes", "badge"])
    for i, (_, g, f, e, d, s, r) in enumerate(PEOPLE[:3]):
        ws.append([g, f, e, d, ";".join(s), '=HYPERLINK("http://attacker.example.org/x","Agenda")' if i == 1 else "", "=A%d&\" \"&B%d" % (i + 2, i + 2)])
    path = os.path.join(HERE, "formulas.xlsx")
    wb.save(path)

    def share(parts):
        # Rows 3 and 4 of column G as Excel writes a filled-down formula: the first cell holds it, the others its index.
        sheet = parts["xl/worksheets/sheet1.xml"].decode()
        sheet = sheet.replace('<c r="G2"><f>A2&amp;" "&amp;B2</f><v /></c>', '<c r="G2" t="str"><f t="shared" ref="G2:G4" si="0">A2&amp;" "&amp;B2</f><v>Ana Pérez</v></c>')
        sheet = re.sub(r'<c r="G([34])"><f>[^<]*</f><v /></c>', r'<c r="G\1" t="str"><f t="shared" si="0"/><v>x</v></c>', sheet)
        assert sheet.count('si="0"') == 3
        parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    rewrite(path, share)


def old_formats():
    import xlwt
    book = xlwt.Workbook()
    sheet = book.add_sheet("Sheet1")
    for c, h in enumerate(["given name", "family name", "email", "delegation", "sessions"]):
        sheet.write(0, c, h)
    book.save(os.path.join(HERE, "old-binary.xls"))
    from msoffcrypto.format.ooxml import OOXMLFile
    from openpyxl import Workbook
    wb = Workbook()
    wb.active.append(["given name", "family name", "email", "delegation", "sessions"])
    plain = io.BytesIO()
    wb.save(plain)
    plain.seek(0)
    f = OOXMLFile(plain)
    with open(os.path.join(HERE, "password.xlsx"), "wb") as out:
        f.encrypt("secret", out)


if __name__ == "__main__":
    indico()
    header, rows = eventbrite()
    cvent()
    google_forms()
    registration_system()
    microsoft_forms()
    eventbrite_xlsx(header, rows)
    dates_1904()
    inline_strings()
    damaged()
    formulas()
    old_formats()
