#!/usr/bin/env python3
"""Writes a registration list CSV as an Excel workbook with the same rows (openpyxl write-only
mode, so a million rows take flat memory): the XLSX row of the benchmark.

  to_xlsx.py registrations.csv registrations.xlsx
"""
import csv, sys
from openpyxl import Workbook


def main(src, dst):
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Registrations")
    with open(src, newline="", encoding="utf-8-sig") as f:
        for row in csv.reader(f):
            ws.append([v if v != "" else None for v in row])
    wb.save(dst)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
