"""One check per calendar library: read a feed and compare every time and text with the reference.

Each function takes the feed's bytes and its reference reading, and returns a list of problems
(empty when the library agrees on everything).
"""
from __future__ import annotations

import datetime as dt
import io
import zoneinfo

import reference as ref

UTC = dt.timezone.utc


def zone_problems(label: str, local: dt.datetime, e_wall: dt.datetime, tzid: str, expected: dt.datetime) -> list[str]:
    """A library's aware local time against the system zoneinfo: instant, daylight flag, TZNAME."""
    system = e_wall.replace(tzinfo=zoneinfo.ZoneInfo(tzid))
    out = []
    if local.astimezone(UTC) != expected:
        out.append(f"{label}: {e_wall} {tzid} is {local.astimezone(UTC)}, zoneinfo says {expected}")
    if bool(local.dst()) != bool(system.dst()):
        out.append(f"{label}: {e_wall} {tzid} dst()={local.dst()}, zoneinfo says {system.dst()}")
    if local.tzname() != system.tzname():
        out.append(f"{label}: {e_wall} {tzid} tzname {local.tzname()!r}, zoneinfo says {system.tzname()!r}")
    return out


def text_problems(label: str, got: str | None, want: str | None) -> list[str]:
    return [] if got == want else [f"{label}: {got!r} instead of {want!r}"]


def _times(e: ref.Event):
    return (("DTSTART", e.start_wall, e.start), ("DTEND", e.end_wall, e.end))


def _icalendar_text(raw: str) -> str:
    import icalendar

    return str(icalendar.Event.from_ical(f"BEGIN:VEVENT\r\nSUMMARY:{raw}\r\nEND:VEVENT\r\n")["SUMMARY"])


def check_icalendar(data: bytes, cal: ref.Component, events: dict[str, ref.Event], provider: str) -> list[str]:
    """python icalendar with its zoneinfo or pytz provider; every VTIMEZONE through to_tz(lookup_tzid=False)."""
    import icalendar
    from icalendar.prop.unknown import vUnknown

    out = []
    icalendar.use_pytz() if provider == "pytz" else icalendar.use_zoneinfo()
    try:
        parsed = icalendar.Calendar.from_ical(data)
        tzs = {str(v["TZID"]): v.to_tz(lookup_tzid=False) for v in parsed.walk("VTIMEZONE")}
        seen = set()
        for ev in parsed.walk("VEVENT"):
            uid = str(ev["UID"])
            e = events[uid]
            seen.add(uid)
            for prop, w, expected in _times(e):
                d = ev.decoded(prop)
                if d.astimezone(UTC) != expected:
                    out.append(f"{uid} {prop}: {d} is {d.astimezone(UTC)}, zoneinfo says {expected}")
                tz = tzs.get(e.tzid)
                if tz is None:
                    out.append(f"{uid}: no VTIMEZONE for {e.tzid}")
                    continue
                local = tz.localize(w) if provider == "pytz" else w.replace(tzinfo=tz)
                out += zone_problems(f"{uid} {prop} via VTIMEZONE", local, w, e.tzid, expected)
            for n, want in e.texts.items():
                out += text_problems(f"{uid} {n}", str(ev[n]) if n in ev else None, want)
        if seen != set(events):
            out.append(f"events read: {sorted(seen ^ set(events))} differ")
        for n, want in ref.calendar_texts(cal).items():
            v = parsed.get(n)
            # icalendar >= 7.2 keeps the values of properties it has no type for (NAME and X-
            # properties among them) verbatim as vUnknown: an application decodes them as TEXT,
            # here with icalendar's own TEXT reading (that of SUMMARY).
            got = _icalendar_text(str(v)) if isinstance(v, vUnknown) else (None if v is None else str(v))
            out += text_problems(f"calendar {n}", got, want)
    finally:
        icalendar.use_zoneinfo()
    return out


def check_dateutil(data: bytes, cal: ref.Component, events: dict[str, ref.Event]) -> list[str]:
    """dateutil.tz.tzical on each VTIMEZONE as written."""
    from dateutil import tz

    out = []
    zones = {}
    for tzid, c in ref.timezones(cal).items():
        zones[tzid] = tz.tzical(io.StringIO(c.text)).get(tzid)
    for e in events.values():
        for prop, w, expected in _times(e):
            out += zone_problems(f"{e.uid} {prop}", w.replace(tzinfo=zones[e.tzid]), w, e.tzid, expected)
    return out


def check_vobject(data: bytes, cal: ref.Component, events: dict[str, ref.Event]) -> list[str]:
    """vobject (the reader inside Radicale): times through its VTIMEZONE handling, every text."""
    import vobject

    out = []
    # vobject keeps the first VTIMEZONE it reads for a TZID for the rest of the process (so does a
    # Radicale server): read each feed as a fresh process would.
    getattr(vobject.icalendar, "__tzidMap").clear()
    parsed = vobject.readOne(data.decode("utf-8"))
    seen = set()
    for ev in parsed.contents.get("vevent", []):
        uid = ev.uid.value
        e = events[uid]
        seen.add(uid)
        for prop, w, expected in _times(e):
            v = getattr(ev, prop.lower()).value
            out += zone_problems(f"{uid} {prop}", v, w, e.tzid, expected)
        for n, want in e.texts.items():
            got = ev.contents[n.lower()][0].value if n.lower() in ev.contents else None
            out += text_problems(f"{uid} {n}", got, want)
    if seen != set(events):
        out.append(f"events read: {sorted(seen ^ set(events))} differ")
    for n, want in ref.calendar_texts(cal).items():
        if n == "NAME":
            continue  # vobject has no RFC 7986 behaviour: NAME stays as written
        got = parsed.contents[n.lower()][0].value if n.lower() in parsed.contents else None
        out += text_problems(f"calendar {n}", got, want)
    return out


def check_recurring(data: bytes, cal: ref.Component, events: dict[str, ref.Event]) -> list[str]:
    """recurring-ical-events: each day holding an event, as a window in the venue's zone, returns
    exactly the events overlapping it, at their instants."""
    import icalendar
    import recurring_ical_events

    out = []
    query = recurring_ical_events.of(icalendar.Calendar.from_ical(data))
    days = sorted({(e.tzid, e.start_wall.date()) for e in events.values()})
    for tzid, day in days:
        zone = zoneinfo.ZoneInfo(tzid)
        a = dt.datetime.combine(day, dt.time(), zone)
        b = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), zone)
        found = {str(ev["UID"]): ev.decoded("DTSTART").astimezone(UTC) for ev in query.between(a, b)}
        want = {e.uid: e.start for e in events.values() if e.start < b and e.end > a}
        if found != want:
            diff = {k: (found.get(k), want.get(k)) for k in set(found) | set(want) if found.get(k) != want.get(k)}
            out.append(f"{day} in {tzid}: {diff}")
    return out


def check_ical(data: bytes, cal: ref.Component, events: dict[str, ref.Event]) -> list[str]:
    """ical (the Home Assistant library): times, texts, calendar name and description, timeline."""
    from ical.calendar_stream import IcsCalendarStream

    out = []
    parsed = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    seen = set()
    for ev in parsed.events:
        e = events[ev.uid]
        seen.add(ev.uid)
        for prop, value, expected in (("DTSTART", ev.dtstart, e.start), ("DTEND", ev.dtend, e.end)):
            if value.astimezone(UTC) != expected:
                out.append(f"{ev.uid} {prop}: {value} is {value.astimezone(UTC)}, zoneinfo says {expected}")
        for n, got in (("SUMMARY", ev.summary), ("DESCRIPTION", ev.description), ("LOCATION", ev.location)):
            out += text_problems(f"{ev.uid} {n}", got, e.texts.get(n))
    if seen != set(events):
        out.append(f"events read: {sorted(seen ^ set(events))} differ")
    texts = ref.calendar_texts(cal)
    for n, got in (("NAME", parsed.name), ("DESCRIPTION", parsed.description)):
        out += text_problems(f"calendar {n}", got[0] if got else None, texts.get(n))
    timeline = [i.uid for i in parsed.timeline]
    if sorted(timeline) != sorted(events):
        out.append(f"timeline holds {len(timeline)} events, the feed {len(events)}")
    return out


LIBRARIES = {
    "icalendar-zoneinfo": lambda d, c, e: check_icalendar(d, c, e, "zoneinfo"),
    "icalendar-pytz": lambda d, c, e: check_icalendar(d, c, e, "pytz"),
    "dateutil-tzical": check_dateutil,
    "vobject": check_vobject,
    "recurring-ical-events": check_recurring,
    "ical": check_ical,
}
