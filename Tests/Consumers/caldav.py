"""A real CalDAV server: Radicale on 127.0.0.1, a temporary store, no authentication.

Feeds go in event by event (one VEVENT and its VTIMEZONEs per resource) into a collection made
with MKCALENDAR, and whole (Radicale takes X-WR-CALNAME and X-WR-CALDESC as the collection's
display name and description, through vobject). Time-range REPORTs then find each event.
"""
from __future__ import annotations

import base64
import datetime as dt
import http.client
import os
import signal
import socket
import subprocess
import time
import urllib.parse
import xml.etree.ElementTree as ET

import reference as ref

UTC = dt.timezone.utc
NS = {"D": "DAV:", "C": "urn:ietf:params:xml:ns:caldav"}
USER = "c40"


class Radicale:
    """The server process; `stop()` ends it (TERM, then KILL after 10 s)."""

    def __init__(self, work: str, binary: str):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        os.makedirs(work, exist_ok=True)
        store = os.path.join(work, "store")
        config = os.path.join(work, "radicale.conf")
        with open(config, "w") as f:
            f.write(f"[server]\nhosts = 127.0.0.1:{self.port}\n[auth]\ntype = none\n[rights]\ntype = owner_only\n"
                    f"[storage]\nfilesystem_folder = {store}\n[web]\ntype = none\n[logging]\nlevel = warning\n")
        self.log = open(os.path.join(work, "radicale.log"), "w")
        self.process = subprocess.Popen([binary, "--config", config], stdout=self.log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"radicale exited with {self.process.returncode}; see {self.log.name}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("radicale did not listen within 30 s")

    def stop(self):
        if self.log.closed:
            return
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.log.close()

    def request(self, method: str, path: str, body: bytes | str = b"", headers: dict | None = None) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        auth = base64.b64encode(f"{USER}:x".encode()).decode()
        h = {"Authorization": f"Basic {auth}", **(headers or {})}
        try:
            conn.request(method, path, body.encode("utf-8") if isinstance(body, str) else body, h)
            r = conn.getresponse()
            return r.status, r.read()
        finally:
            conn.close()


def xml(root: ET.Element) -> bytes:
    return b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(root, encoding="utf-8")


def mkcalendar(server: Radicale, path: str, name: str) -> list[str]:
    root = ET.Element("{urn:ietf:params:xml:ns:caldav}mkcalendar")
    prop = ET.SubElement(ET.SubElement(root, "{DAV:}set"), "{DAV:}prop")
    ET.SubElement(prop, "{DAV:}displayname").text = name
    status, body = server.request("MKCALENDAR", path, xml(root), {"Content-Type": "application/xml"})
    return [] if status == 201 else [f"MKCALENDAR {path}: {status} {body[:200]!r}"]


def properties(server: Radicale, path: str) -> dict[str, str | None]:
    body = ('<?xml version="1.0"?><D:propfind xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop>'
            '<D:displayname/><C:calendar-description/></D:prop></D:propfind>')
    status, data = server.request("PROPFIND", path, body, {"Depth": "0", "Content-Type": "application/xml"})
    tree = ET.fromstring(data)
    found = {}
    for key, tag in (("X-WR-CALNAME", "D:displayname"), ("X-WR-CALDESC", "C:calendar-description")):
        e = tree.find(f".//D:propstat/D:prop/{tag}", NS)
        found[key] = e.text if e is not None and e.text is not None else None
    return found


def time_range(server: Radicale, path: str, start: dt.datetime, end: dt.datetime) -> dict[str, dt.datetime]:
    """UID -> DTSTART instant of the events a calendar-query REPORT finds in [start, end)."""
    f = "%Y%m%dT%H%M%SZ"
    body = ('<?xml version="1.0"?><C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">'
            '<D:prop><C:calendar-data/></D:prop><C:filter><C:comp-filter name="VCALENDAR">'
            f'<C:comp-filter name="VEVENT"><C:time-range start="{start.strftime(f)}" end="{end.strftime(f)}"/>'
            '</C:comp-filter></C:comp-filter></C:filter></C:calendar-query>')
    status, data = server.request("REPORT", path, body, {"Depth": "1", "Content-Type": "application/xml"})
    if status != 207:
        raise RuntimeError(f"REPORT {path}: {status} {data[:200]!r}")
    out = {}
    for e in ET.fromstring(data).iterfind(".//C:calendar-data", NS):
        cal, _ = ref.parse(e.text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8"))
        for ev in ref.events(cal):
            out[ev.uid] = ev.start
    return out


def resource(cal: ref.Component, event: ref.Component) -> bytes:
    """One VEVENT with the VTIMEZONEs it uses, as a calendar object resource."""
    zones = ref.timezones(cal)
    used = {l.params["TZID"] for l in event.lines if "TZID" in l.params}
    text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//cartagena consumer suite//EN\r\n"
    text += "".join(zones[z].text for z in sorted(used)) + event.text + "END:VCALENDAR\r\n"
    return text.encode("utf-8")


def check_events(server: Radicale, path: str, cal: ref.Component, activities: list[list[ref.Event]]) -> dict[str, list[str]]:
    """Tests named by what they check, each with its problems: the PUT and instant of every
    event, every activity's dates, the display name."""
    results: dict[str, list[str]] = {}
    texts = ref.calendar_texts(cal)
    results["MKCALENDAR display name"] = mkcalendar(server, path, texts["X-WR-CALNAME"])
    components = {c.text_value("UID"): c for c in cal.children if c.name == "VEVENT"}
    for e in ref.events(cal):
        problems = []
        status, body = server.request("PUT", path + urllib.parse.quote(e.uid) + ".ics", resource(cal, components[e.uid]),
                                      {"Content-Type": "text/calendar; charset=utf-8"})
        if status != 201:
            problems.append(f"PUT: {status} {body[:200]!r}")
        else:
            minute = dt.timedelta(minutes=1)
            at = time_range(server, path, e.start, e.start + minute)
            if at.get(e.uid) != e.start:
                problems.append(f"not found at {e.start} (found {at.get(e.uid)})")
            if e.uid in time_range(server, path, e.start - minute, e.start):
                problems.append(f"found in the minute before {e.start}")
            if e.uid in time_range(server, path, e.end, e.end + minute):
                problems.append(f"found in the minute after its end {e.end}")
        results[f"event {e.uid}"] = problems
    for group in activities:
        start, end = min(e.start for e in group), max(e.end for e in group)
        found = time_range(server, path, start, end)
        missing = [e.uid for e in group if found.get(e.uid) != e.start]
        results[f"activity {start:%Y-%m-%d}..{end:%Y-%m-%d}"] = [f"missing or moved: {missing}"] if missing else []
    got = properties(server, path)["X-WR-CALNAME"]
    results["display name"] = [] if got == texts["X-WR-CALNAME"] else [f"{got!r} instead of {texts['X-WR-CALNAME']!r}"]
    return results


def check_whole(server: Radicale, path: str, data: bytes, cal: ref.Component) -> list[str]:
    """The whole feed PUT as a collection: its name and description as Radicale reads them."""
    status, body = server.request("PUT", path, data, {"Content-Type": "text/calendar; charset=utf-8"})
    if status not in (200, 201):
        return [f"PUT whole feed: {status} {body[:200]!r}"]
    texts = ref.calendar_texts(cal)
    got = properties(server, path)
    return [f"{k}: {got[k]!r} instead of {texts.get(k)!r}" for k in got if got[k] != texts.get(k)]
