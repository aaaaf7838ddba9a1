"""A strict RFC 5545 reading of a feed, written from the RFC alone: the text every library must agree with.

Content lines are unfolded (CRLF followed by a space or tab), split at the first ':' outside double
quotes, and TEXT values unescaped (backslash-backslash, -semicolon, -comma, -n/N). Instants come from
the system tz database (python zoneinfo on the TZID), never from the feed's VTIMEZONE.
"""
from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field

UTC = dt.timezone.utc
TEXT_EVENT = ("SUMMARY", "DESCRIPTION", "LOCATION")
TEXT_CALENDAR = ("NAME", "X-WR-CALNAME", "DESCRIPTION", "X-WR-CALDESC")


def unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        c = value[i]
        if c == "\\" and i + 1 < len(value):
            n = value[i + 1]
            out.append("\n" if n in "nN" else n)
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


@dataclass
class Line:
    name: str
    params: dict[str, str]
    value: str


@dataclass
class Component:
    name: str
    lines: list[Line] = field(default_factory=list)
    children: list["Component"] = field(default_factory=list)
    text: str = ""  # the component's own content lines (folded, CRLF), BEGIN to END

    def first(self, name: str) -> Line | None:
        return next((l for l in self.lines if l.name == name), None)

    def text_value(self, name: str) -> str | None:
        l = self.first(name)
        return None if l is None else unescape(l.value)


def split_line(s: str) -> Line:
    quoted, i = False, 0
    while i < len(s):
        c = s[i]
        if c == '"':
            quoted = not quoted
        elif c == ":" and not quoted:
            break
        i += 1
    head, value = s[:i], s[i + 1:]
    parts = head.split(";")
    params = {}
    for p in parts[1:]:
        k, _, v = p.partition("=")
        params[k.upper()] = v.strip('"')
    return Line(parts[0].upper(), params, value)


def parse(data: bytes) -> tuple[Component, list[str]]:
    """The VCALENDAR of a feed and the problems of its form (line ends, line lengths)."""
    problems = []
    text = data.decode("utf-8")
    physical = text.split("\r\n")
    if physical[-1] != "":
        problems.append("the text does not end with CRLF")
    for n, p in enumerate(physical[:-1], 1):
        if "\n" in p or "\r" in p:
            problems.append(f"line {n}: a bare line break")
        if len(p.encode("utf-8")) > 75:
            problems.append(f"line {n}: {len(p.encode('utf-8'))} octets")
    unfolded: list[tuple[str, list[str]]] = []
    for p in physical[:-1]:
        if p[:1] in (" ", "\t") and unfolded:
            unfolded[-1] = (unfolded[-1][0] + p[1:], unfolded[-1][1] + [p])
        else:
            unfolded.append((p, [p]))
    stack: list[Component] = []
    root = None
    for s, raw in unfolded:
        line = split_line(s)
        for c in stack:
            c.text += "".join(r + "\r\n" for r in raw)
        if line.name == "BEGIN":
            c = Component(line.value.upper(), text="".join(r + "\r\n" for r in raw))
            if stack:
                stack[-1].children.append(c)
            stack.append(c)
        elif line.name == "END":
            done = stack.pop()
            if not stack:
                root = done
        else:
            stack[-1].lines.append(line)
    if root is None or root.name != "VCALENDAR":
        raise ValueError("no VCALENDAR")
    return root, problems


def wall(value: str) -> dt.datetime:
    return dt.datetime.strptime(value.rstrip("Z"), "%Y%m%dT%H%M%S")


@dataclass
class Event:
    uid: str
    tzid: str | None
    start_wall: dt.datetime
    end_wall: dt.datetime
    start: dt.datetime  # UTC, from the system zoneinfo
    end: dt.datetime
    texts: dict[str, str]


def instant(line: Line) -> tuple[str | None, dt.datetime, dt.datetime]:
    w = wall(line.value)
    if line.value.endswith("Z"):
        return None, w, w.replace(tzinfo=UTC)
    tzid = line.params.get("TZID")
    if tzid is None:
        raise ValueError(f"a floating time {line.value}")
    return tzid, w, w.replace(tzinfo=zoneinfo.ZoneInfo(tzid)).astimezone(UTC)


def events(cal: Component) -> list[Event]:
    out = []
    for c in cal.children:
        if c.name != "VEVENT":
            continue
        tzid, sw, s = instant(c.first("DTSTART"))
        _, ew, e = instant(c.first("DTEND"))
        texts = {n: c.text_value(n) for n in TEXT_EVENT if c.first(n) is not None}
        out.append(Event(c.text_value("UID"), tzid, sw, ew, s, e, texts))
    return out


def calendar_texts(cal: Component) -> dict[str, str]:
    return {n: cal.text_value(n) for n in TEXT_CALENDAR if cal.first(n) is not None}


def timezones(cal: Component) -> dict[str, Component]:
    return {c.text_value("TZID"): c for c in cal.children if c.name == "VTIMEZONE"}
