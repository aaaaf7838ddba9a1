#!/usr/bin/env python3
"""Writes mini-registrations.xlsx: the rows of mini-registrations.csv as an Excel workbook
(openpyxl), with a second sheet, so the CLI tests can compare every command on both.
    pip install openpyxl && python3 make_workbook.py
"""
import csv, os
from openpyxl import Workbook

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "mini-registrations.csv"), encoding="utf-8") as f:
    rows = list(csv.reader(f))
wb = Workbook()
ws = wb.active
ws.title = "Registrations"
for r in rows:
    ws.append([v if v else None for v in r])
wb.create_sheet("Notes").append(["nothing here"])
wb.save(os.path.join(HERE, "mini-registrations.xlsx"))
