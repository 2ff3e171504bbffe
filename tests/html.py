#!/usr/bin/env python3
"""tests/html.py - load slicalc's HTML reports in headless Chromium and
check them against the JSON report of the same run.

Usage: html.py CHROMIUM CASE... where a CASE is NAME=PAGE[,JSON[,PNG]]:
PAGE a file:// or http:// URL of the page, JSON the path of the JSON report
of the same run (or "-": structure only), PNG where to save a screenshot.

Chromium is driven through the DevTools protocol over a pipe
(--remote-debugging-pipe: fd 3 in, fd 4 out, NUL-separated JSON), so
nothing beyond Debian's chromium and python3's standard library is needed.
Each page is loaded at desktop width and again at phone width (375 px),
and fails on: any console message of level error or warning, any JS
exception, any request other than the page itself (data: aside), numbers
in the DOM that differ from the JSON report, a missing chart or mark, and
a page wider than the phone's screen. Prints "ok NAME: WHAT" or
"FAIL NAME: WHAT" per check; exits 0 when nothing failed.
"""
import base64
import fcntl
import json
import math
import os
import subprocess
import sys
import tempfile
import time

DOM = r"""
(function () {
  function num(v) { return v === null || v === 'null' ? null : Number(v); }
  var out = {slis: [], scripts: document.scripts.length,
             imgs: document.images.length,
             links: Array.prototype.map.call(
               document.querySelectorAll('[href],[src]'),
               function (e) { return e.getAttribute('href') ||
                                     e.getAttribute('src'); }),
             width: document.documentElement.scrollWidth,
             inner: window.innerWidth, input: {}, files: 0};
  document.querySelectorAll('section.sli').forEach(function (s) {
    var o = {name: s.getAttribute('data-sli'),
             requests: num(s.getAttribute('data-requests')),
             good: num(s.getAttribute('data-good')),
             bad: num(s.getAttribute('data-bad')),
             lat: num(s.getAttribute('data-lat-count')),
             cards: [], charts: {}, rows: [], total: null,
             corrected: num((s.querySelector('[data-field=corrected]') ||
                             {getAttribute: function () { return '0'; }})
                            .getAttribute('data-v'))};
    s.querySelectorAll('.card').forEach(function (c) {
      o.cards.push({slo: c.getAttribute('data-slo'),
                    thr: num(c.getAttribute('data-threshold-ms')),
                    objective: num(c.getAttribute('data-objective')),
                    remaining: num(c.getAttribute('data-remaining')),
                    wreq: num(c.getAttribute('data-window-requests')),
                    wbad: num(c.getAttribute('data-window-bad')),
                    status: c.getAttribute('data-status'),
                    actual: (c.querySelector('[data-field=actual]') ||
                             {}).textContent,
                    badge: (c.querySelector('.badge') || {}).textContent,
                    gauge: c.querySelectorAll('svg.gauge').length});
    });
    s.querySelectorAll('figure[data-chart]').forEach(function (f) {
      var svg = f.querySelector('svg');
      o.charts[f.getAttribute('data-chart')] = {
        lines: svg ? svg.querySelectorAll('polyline').length : 0,
        dots: svg ? svg.querySelectorAll('circle').length : 0,
        bars: svg ? svg.querySelectorAll('rect.bar').length : 0,
        thr: svg ? svg.querySelectorAll('line.thr').length : 0,
        pct: svg ? svg.querySelectorAll('line.pct').length : 0,
        ideal: svg ? svg.querySelectorAll('line.ideal').length : 0,
        objective: svg ? svg.querySelectorAll('line.objective').length : 0,
        periods: svg ? Array.prototype.map.call(
          svg.querySelectorAll('circle[data-start]'), function (c) {
            return [c.getAttribute('data-start'),
                    num(c.getAttribute('data-requests')),
                    num(c.getAttribute('data-good'))]; }) : [],
        nodata: svg ? svg.querySelectorAll('rect.nodata').length : 0,
        points: num(f.getAttribute('data-points')),
        bins: num(f.getAttribute('data-bins')),
        clips: svg ? Array.prototype.map.call(
          svg.querySelectorAll('text.clip'), function (e) {
            return e.textContent; }) : [],
        ylabs: svg ? Array.prototype.map.call(
          svg.querySelectorAll('text.ylab'), function (e) {
            return [e.textContent, Number(e.getAttribute('y'))]; }) : [],
        xlabs: svg ? Array.prototype.map.call(
          svg.querySelectorAll('text.xlab'), function (e) {
            var r = e.getBBox(); return [e.textContent, r.x, r.x + r.width]; }) : [],
        barw: svg ? Array.prototype.reduce.call(
          svg.querySelectorAll('rect.bar'), function (a, e) {
            return a + Number(e.getAttribute('width')); }, 0) : 0,
        framew: svg && svg.querySelector('rect.frame') ?
          Number(svg.querySelector('rect.frame').getAttribute('width')) : 0,
        frameb: svg && svg.querySelector('rect.frame') ?
          Number(svg.querySelector('rect.frame').getAttribute('y')) +
          Number(svg.querySelector('rect.frame').getAttribute('height')) : 0,
        h: svg ? svg.getBoundingClientRect().height : 0};
    });
    s.querySelectorAll('table.sortable tr[data-ep]').forEach(function (r) {
      var row = {ep: num(r.getAttribute('data-ep')),
                 key: r.cells[0].textContent,
                 requests: num(r.getAttribute('data-requests')),
                 good: num(r.getAttribute('data-good')),
                 bad: num(r.getAttribute('data-bad')),
                 lat: num(r.getAttribute('data-lat-count')),
                 thr: Array.prototype.map.call(
                   r.querySelectorAll('[data-thr-good]'),
                   function (c) { return num(c.getAttribute('data-thr-good')); })};
      if (row.ep < 0) o.total = row; else o.rows.push(row);
    });
    out.slis.push(o);
  });
  document.querySelectorAll('tr[data-input]').forEach(function (r) {
    out.input[r.getAttribute('data-input')] =
      num(r.cells[1].getAttribute('data-v'));
  });
  out.files = document.querySelectorAll('tr[data-file]').length;
  // a unit written twice ("1m40sms"), and a heading naming ms over a
  // column holding spans ("8h10m")
  out.units = (document.body.textContent.match(/[0-9][dhms]ms\b/g) || []);
  document.querySelectorAll('table').forEach(function (t) {
    if (!t.tHead) return;
    Array.prototype.forEach.call(t.tHead.rows[0].cells, function (th, i) {
      if (!/\bms\b/.test(th.textContent)) return;
      Array.prototype.forEach.call(t.tBodies[0].rows, function (r) {
        if (r.cells[i] && /[0-9][dhs]|[0-9]m[0-9]/.test(r.cells[i].textContent))
          out.units.push(th.textContent + ': ' + r.cells[i].textContent);
      });
    });
  });
  return JSON.stringify(out);
})()
"""


SORT = r"""
(function () {
  // every sortable table on its own: the first numeric column after the
  // key, ascending on a click, descending on the next; a table is named
  // by what it lists (sli-N or files)
  var out = [];
  document.querySelectorAll('table.sortable').forEach(function (t) {
    var sec = t.closest('section.sli');
    var name = sec ? sec.id : 'files';
    var rows = t.tBodies[0].rows, hs = t.tHead.rows[0].cells, i = -1;
    for (var c = 1; c < hs.length && i < 0; c++)
      if (rows.length && Array.prototype.every.call(rows, function (r) {
            return r.cells[c].getAttribute('data-v') !== null; }))
        i = c;
    if (i < 0) { out.push(name + ':none'); return; }
    function col() {
      return Array.prototype.map.call(t.tBodies[0].rows, function (r) {
        return parseFloat(r.cells[i].getAttribute('data-v')); });
    }
    var th = hs[i];
    th.click();
    var a = col(), up = a.every(function (v, j) { return !j || a[j-1] <= v; });
    th.click();
    var d = col(), dn = d.every(function (v, j) { return !j || d[j-1] >= v; });
    out.push(name + ':' + rows.length + ':' + (up && dn ? 'ok' :
             'not sorted ' + a.slice(0, 5) + ' / ' + d.slice(0, 5)));
  });
  return JSON.stringify(out);
})()
"""

# tables sorted with two rows or more over every case: an SLI's table
# past the first, and the files table, must be among them
sorted_tables = set()


class Browser:
    def __init__(self, binary):
        self.prof = tempfile.mkdtemp(prefix="slicalc-chromium-")
        r1_, w1 = os.pipe()  # we write, chromium reads (its fd 3)
        r2, w2_ = os.pipe()  # chromium writes (its fd 4), we read
        r1, w2 = r1_, w2_

        # out of the way of 3 and 4 first, so neither dup2 below is a
        # no-op that would leave the close-on-exec flag on
        r1, w2 = (fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (r1, w2))

        def fds():
            os.dup2(r1, 3)
            os.dup2(w2, 4)

        self.p = subprocess.Popen(
            [binary, "--headless", "--remote-debugging-pipe",
             "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--no-default-browser-check", "--disable-extensions",
             "--disable-background-networking", "--disable-sync",
             "--disable-component-update", "--disable-dev-shm-usage",
             "--hide-scrollbars", "--user-data-dir=" + self.prof,
             "about:blank"],
            preexec_fn=fds, close_fds=False,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=None if os.environ.get("HTML_DEBUG") else subprocess.DEVNULL)
        for fd in (r1, w2, r1_, w2_):
            os.close(fd)
        self.w = os.fdopen(w1, "wb")
        self.r = os.fdopen(r2, "rb")
        self.buf = b""
        self.id = 0
        self.events = []

    def _read(self, deadline):
        while b"\0" not in self.buf:
            if time.time() > deadline:
                raise TimeoutError("no answer from chromium")
            chunk = os.read(self.r.fileno(), 1 << 16)
            if not chunk:
                raise EOFError("chromium closed the pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, params=None, session=None, timeout=20):
        self.id += 1
        m = {"id": self.id, "method": method, "params": params or {}}
        if session:
            m["sessionId"] = session
        self.w.write(json.dumps(m).encode() + b"\0")
        self.w.flush()
        deadline = time.time() + timeout
        while True:
            msg = self._read(deadline)
            if msg.get("id") == self.id:
                if "error" in msg:
                    raise RuntimeError("%s: %s" % (method, msg["error"]))
                return msg.get("result", {})
            self.events.append(msg)

    def wait_event(self, method, session, timeout=20):
        deadline = time.time() + timeout
        for i, e in enumerate(self.events):
            if e.get("method") == method and e.get("sessionId") == session:
                del self.events[i]
                return e
        while True:
            msg = self._read(deadline)
            if msg.get("method") == method and \
                    msg.get("sessionId") == session:
                return msg
            self.events.append(msg)

    def close(self):
        try:
            self.call("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.p.wait(timeout=5)
        except Exception:
            self.p.kill()
        subprocess.call(["rm", "-rf", self.prof])


failed = 0


def check(name, what, ok, detail=""):
    global failed
    if ok:
        print("ok   %s: %s" % (name, what))
    else:
        failed += 1
        print("FAIL %s: %s%s" % (name, what, ": " + detail if detail else ""))


def display(s):
    """An endpoint key as the page shows it (report_display)."""
    out = []
    for ch in s:
        c = ord(ch)
        if c < 0x20 or c == 0x7F:
            out.append("\\x%02X" % c)
        elif 0x80 <= c <= 0x9F:
            out.append("\\xC2\\x%02X" % c)
        else:
            out.append(ch)
    return "".join(out)


def remaining(slo):
    b = slo.get("budget")
    return None if b is None else b.get("remaining")


def compare(name, d, js):
    slis = js["slis"]
    check(name, "one section per SLI", [s["name"] for s in d["slis"]] ==
          [s["name"] for s in slis],
          "%s vs %s" % ([s["name"] for s in d["slis"]],
                        [s["name"] for s in slis]))
    for got, want in zip(d["slis"], slis):
        n = "%s/%s" % (name, want["name"])
        t = want["total"]
        a = t["availability"]
        check(n, "requests, good, bad, latencies",
              [got["requests"], got["good"], got["bad"], got["lat"]] ==
              [t["requests"], a["good"], a["bad"], t["latency"]["count"]],
              "%s vs %s" % ([got["requests"], got["good"], got["bad"],
                             got["lat"]],
                            [t["requests"], a["good"], a["bad"],
                             t["latency"]["count"]]))
        check(n, "the SLI's corrected requests in its section",
              got["corrected"] == want.get("corrected", 0),
              "%r vs %r" % (got["corrected"], want.get("corrected")))
        # the cards: availability (with an objective), each threshold
        want_cards = []
        if a["objective"] is not None:
            want_cards.append(("availability", None, a["objective"],
                               remaining(a), a.get("budget"),
                               a.get("status", "unknown")))
        for th in t["latency"]["thresholds"]:
            want_cards.append(("latency", th["threshold_ms"],
                               th["objective"], remaining(th),
                               th.get("budget"),
                               th.get("status", "unknown")))
        got_cards = [c for c in got["cards"] if c["slo"] != "timeslice"]
        check(n, "a card per objective", len(got_cards) == len(want_cards),
              "%d vs %d" % (len(got_cards), len(want_cards)))
        for c, w in zip(got_cards, want_cards):
            check(n, "card %s %s: objective, budget left" % (w[0], w[1]),
                  [c["slo"], c["thr"], c["objective"], c["remaining"]] ==
                  list(w[:4]), "%s vs %s" % (
                      [c["slo"], c["thr"], c["objective"], c["remaining"]],
                      list(w[:4])))
            if w[4]:
                check(n, "card %s %s: window requests and bad" % w[:2],
                      [c["wreq"], c["wbad"]] ==
                      [w[4]["requests"], w[4]["bad"]])
            # the headline is the window's, like the budget beside it
            # (and Markdown's "Actual"): rounded down to 3 decimals
            want_actual = "-"
            if w[4]:
                r = w[4]["requests"]
                q = (r - w[4]["bad"]) * 100000 // r
                want_actual = "%d.%03d%%" % divmod(q, 1000)
            check(n, "card %s %s: actual over the SLO window" % w[:2],
                  c["actual"] == want_actual,
                  "%r vs %r" % (c["actual"], want_actual))
            check(n, "card %s %s: status in words and a gauge" % w[:2],
                  c["gauge"] == 1 and c["badge"] and
                  c["badge"].split(" ", 1)[1] in
                  ("met", "at risk", "spent", "unknown"), repr(c["badge"]))
            check(n, "card %s %s: status as the JSON's" % w[:2],
                  c["status"] == w[5] and c["badge"].split(" ", 1)[1] == w[5],
                  "%r, %r vs %r" % (c["status"], c["badge"], w[5]))
            if w[4] and w[4]["spent"]:
                check(n, "card %s %s: spent" % w[:2], c["status"] == "spent")
        if "timeslice" in want:
            ts = [c for c in got["cards"] if c["slo"] == "timeslice"]
            b = want["timeslice"].get("budget")
            check(n, "time-slice card", len(ts) == 1 and
                  ts[0]["remaining"] == (b["remaining"] if b else None) and
                  ts[0]["status"] == want["timeslice"].get("status",
                                                          "unknown"))
        # the charts and their marks
        ch = got["charts"]
        judged = want["slo_window"]["start"] is not None
        if judged and want_cards:
            known = sum(1 for w in want_cards if w[3] is not None)
            bd = ch.get("burndown")
            check(n, "burn-down: a line per known budget, the ideal",
                  bd is not None and bd["ideal"] == 1 and
                  bd["lines"] + bd["dots"] >= known, repr(bd))
        if judged and want_cards and ch.get("burndown"):
            # a line below the floor (-900%) is marked with its end
            deep = ["%.1f" % (math.floor(w[3] * 1000) / 10)
                    for w in want_cards if w[3] is not None and w[3] < -9]
            clips = ch["burndown"]["clips"]
            check(n, "burn-down: each line cut at -900% marked with its "
                  "end", len(clips) == len(deep) and
                  all(any(v + "% left" in c for c in clips) for v in deep),
                  "%r vs %r" % (clips, deep))
        if t["requests"] and judged:
            av = ch.get("availability")
            check(n, "availability over time drawn",
                  av is not None and av["lines"] + av["dots"] > 0 and
                  av["h"] > 50 and
                  av["objective"] == (1 if a["objective"] is not None
                                      else 0), repr(av))
            if "series" in want:  # --by: the timeline's periods
                ser = [[p["start"], p["requests"],
                        p["availability"]["good"]]
                       for p in want["series"]["periods"] if p["requests"]]
                check(n, "availability per period equals the --by series",
                      av is not None and av["periods"] == ser,
                      "%s vs %s" % (av and av["periods"][:3], ser[:3]))
            elif av is not None:
                sw = want["slo_window"]
                timed = t["requests"] - sw["untimed"] - sw["out_of_range"]
                check(n, "the periods add up to the timed requests",
                      sum(p[1] for p in av["periods"]) == timed and
                      (timed != t["requests"] or
                       sum(p[2] for p in av["periods"]) == a["good"]),
                      "%d vs %d" % (sum(p[1] for p in av["periods"]), timed))
            if t["latency"]["thresholds"]:
                la = ch.get("latency")
                check(n, "latency over time: an objective per threshold",
                      la is not None and
                      la["objective"] == len(t["latency"]["thresholds"]), repr(la))
        hi = ch.get("histogram")
        if t["latency"]["count"]:
            check(n, "histogram: bars, each threshold, p50/p95/p99",
                  hi is not None and hi["bars"] > 0 and
                  hi["thr"] == len(t["latency"]["thresholds"]) and hi["pct"] == 3,
                  repr(hi))
        if hi is not None and hi["bars"]:
            ys = hi["ylabs"]
            vals = [y[0].replace(",", "") for y in ys]
            check(n, "histogram: whole, distinct counts up the axis from 0 "
                  "at the bottom",
                  all(v.isdigit() for v in vals) and len(ys) >= 2 and
                  vals[0] == "0" and abs(ys[0][1] - 4 - hi["frameb"]) < 1 and
                  all(int(vals[i]) > int(vals[i - 1]) and
                      ys[i][1] < ys[i - 1][1] for i in range(1, len(ys))),
                  repr(ys))
            check(n, "histogram: a bin alone leaves room (not the whole chart)",
                  hi["bins"] != 1 or hi["barw"] <= 0.5 * hi["framew"],
                  "%s of %s" % (hi["barw"], hi["framew"]))
        # the x labels of every chart apart: none runs into the next
        for cn, c in ch.items():
            xl = sorted(c["xlabs"], key=lambda e: e[1])
            clash = [(a[0], b[0]) for a, b in zip(xl, xl[1:])
                     if a[2] + 2 > b[1]]
            check(n, "%s: x labels do not overlap" % cn, not clash,
                  repr(clash[:3]))
        # the endpoint table: the JSON's rows in its order
        if "endpoints" in want:
            eps = want["endpoints"]
            check(n, "a row per endpoint", len(got["rows"]) == len(eps),
                  "%d vs %d" % (len(got["rows"]), len(eps)))
            bad = []
            for r, e in zip(got["rows"], eps):
                ea = e["availability"]
                wrow = [display(e["endpoint"]), e["requests"], ea["good"],
                        ea["bad"], e["latency"]["count"],
                        [x["good"] for x in e["latency"]["thresholds"]]]
                grow = [r["key"], r["requests"], r["good"], r["bad"],
                        r["lat"], r["thr"]]
                if wrow != grow:
                    bad.append("%r vs %r" % (grow, wrow))
            check(n, "endpoint rows equal the JSON's", not bad,
                  "; ".join(bad[:3]))
            tr = got["total"]
            check(n, "the table's total row", tr is not None and
                  [tr["requests"], tr["good"], tr["bad"]] ==
                  [t["requests"], a["good"], a["bad"]])
    inp = js["input"]
    check(name, "input accounting",
          all(d["input"].get(k) == inp[k] for k in
              ("lines", "requests", "unparsed", "other", "unmatched",
               "incomplete", "filtered", "corrected")) and
          d["files"] == len(inp["files"]), repr(d["input"]))


def run_case(b, spec, shots):
    name, rest = spec.split("=", 1)
    parts = rest.split(",")
    url, jpath = parts[0], parts[1] if len(parts) > 1 else "-"
    png = parts[2] if len(parts) > 2 else None
    t = b.call("Target.createTarget", {"url": "about:blank"})
    s = b.call("Target.attachToTarget",
               {"targetId": t["targetId"], "flatten": True})["sessionId"]
    for m in ("Runtime.enable", "Log.enable", "Network.enable",
              "Page.enable"):
        b.call(m, session=s)
    for width, mobile in ((1100, False), (375, True)):
        b.call("Emulation.setDeviceMetricsOverride",
               {"width": width, "height": 900, "deviceScaleFactor": 1,
                "mobile": mobile}, session=s)
        b.events = [e for e in b.events if e.get("sessionId") != s]
        b.call("Page.navigate", {"url": url}, session=s)
        b.wait_event("Page.loadEventFired", s)
        d = json.loads(b.call("Runtime.evaluate",
                              {"expression": DOM, "returnByValue": True},
                              session=s)["result"]["value"])
        # sorting: each table by its own heading (and no exception,
        # checked below with the page's other messages)
        srt = json.loads(b.call("Runtime.evaluate",
                                {"expression": SORT, "returnByValue": True},
                                session=s)["result"]["value"])
        for r in srt:
            parts = r.split(":", 2)
            if parts[1] == "none" or int(parts[1]) < 2:
                continue
            check(name, "%dpx: %s: a click sorts, a second reverses" %
                  (width, parts[0]), parts[2] == "ok", parts[2])
            sorted_tables.add("files" if parts[0] == "files" else
                              "sli" if parts[0] == "sli-0" else "later sli")
        msgs, reqs = [], []
        for e in b.events:
            if e.get("sessionId") != s:
                continue
            m, p = e.get("method"), e.get("params", {})
            if m == "Runtime.consoleAPICalled" and \
                    p.get("type") in ("error", "warning", "assert"):
                msgs.append("console %s" % p.get("type"))
            elif m == "Runtime.exceptionThrown":
                msgs.append("exception %s" %
                            p["exceptionDetails"].get("text"))
            elif m == "Log.entryAdded" and \
                    p["entry"].get("level") in ("error", "warning"):
                msgs.append("log %s" % p["entry"].get("text"))
            elif m == "Network.requestWillBeSent":
                u = p["request"]["url"]
                if u != url and not u.startswith("data:"):
                    reqs.append(u)
        w = "%dpx" % width
        check(name, w + ": no console error or warning, no exception",
              not msgs, "; ".join(msgs[:5]))
        check(name, w + ": no request but the page", not reqs,
              " ".join(reqs[:5]))
        check(name, w + ": one script (ours), no image, no link out",
              d["scripts"] == 1 and d["imgs"] == 0 and
              all(l.startswith("#") or l.startswith("data:")
                  for l in d["links"]), repr(d["links"][:5]))
        check(name, w + ": latencies' units written once, where they are",
              not d["units"], repr(d["units"][:5]))
        check(name, w + ": no horizontal overflow",
              d["width"] <= d["inner"], "%d > %d" % (d["width"], d["inner"]))
        if jpath != "-":
            with open(jpath) as f:
                js = json.load(f)
            if width == 1100:
                compare(name, d, js)
        else:
            check(name, w + ": sections", len(d["slis"]) > 0)
        if png and width == 1100 and shots:
            shot = b.call("Page.captureScreenshot",
                          {"format": "png", "captureBeyondViewport": True,
                           "clip": {"x": 0, "y": 0, "width": 1100,
                                    "height": 1500, "scale": 1}},
                          session=s)
            with open(png, "wb") as f:
                f.write(base64.b64decode(shot["data"]))
            check(name, "screenshot " + png, os.path.getsize(png) > 10000)
    b.call("Target.closeTarget", {"targetId": t["targetId"]})


def main():
    binary, cases = sys.argv[1], sys.argv[2:]
    b = Browser(binary)
    try:
        for spec in cases:
            try:
                run_case(b, spec, True)
            except Exception as e:  # a dead or stuck browser: a failure
                check(spec.split("=", 1)[0], "loads", False, repr(e))
    finally:
        b.close()
    check("all", "sorted: a later SLI's table and the files table",
          sorted_tables >= {"later sli", "files"}, repr(sorted_tables))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
