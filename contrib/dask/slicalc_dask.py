#!/usr/bin/env python3
"""slicalc_dask.py - one slicalc report over archives spread across machines,
run as a map/reduce job on Dask's distributed scheduler.

    python3 contrib/dask/slicalc_dask.py [--scheduler ADDR] [-r RULES] [-q]
        [-o table|json|csv|markdown|html] [--slicalc PATH] INPUT...

Map: each task runs `slicalc report --save-state - -r RULES FILE...` on
its share of the files, on a worker of a host that can read them, and
returns the state it printed (with its standard error and exit status).
Reduce: the client pipes the states, concatenated, into
`slicalc merge -o FORMAT -` and prints the report: the same bytes as one
`slicalc report` over the same files run from the client's directory.

How files are found and shared out:
- INPUT is a file, a directory (its files, recursively) or a glob; not -.
  One worker of each host expands the INPUTs itself (from the client's
  working directory when the host has it, so relative paths stay as
  typed, and the report names files as they were named), and says each
  file's size. A path several hosts list is one file (shared storage)
  that any of them may read when the prefix all have (at most 64 KiB)
  has the same digest on each (a file being appended to is one file);
  else, or when it is empty on one host only, one file per host (each
  host's own /var/log/nginx/access.log), each read on its host.
- Files are never split (a Rails request spans lines); they go into as
  many tasks as the hosts that hold them have workers, largest first into
  the lightest task, so the tasks are balanced by size.
- An INPUT no worker finds (a glob matching nothing too) is still given
  to a task, so that slicalc names it ("No such file or directory") and
  the exit status is 1, as for `slicalc report`.
- The tasks' notes on files are printed (without -q), the SLI notes and
  unparsed samples are merge's, in report's order.

A worker lost during a task: Dask runs the task again elsewhere; a result
is only used once its task completed and returned the whole state, so
nothing is counted twice (a state cut short would not merge anyway:
`slicalc merge -` checks each state's length and checksum).

The rules are read here and sent with each task (a worker needs slicalc and
read access to the archives, not the rules file), so every state is of
the same rules. Needs Debian's python3-distributed; no pip.

Exit status: that of `slicalc report` over the same files: 0; 1 when a
file could not be read or was corrupt (its slicalc message is printed
with its path) or the merge could not save; 2 on a usage or rules error
(or a state that does not merge), and on the job's own errors, each one
line "slicalc_dask: ...": no slicalc, no distributed, a scheduler not
reached, a task's slicalc killed or printing no state, a task failed past
its retries or left with no worker on its hosts (--no-worker-wait); 3
never (no budget gate here).
"""

import argparse
import glob
import hashlib
import heapq
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HEAD = 64 * 1024  # at most these bytes digested to tell two hosts' files apart


def fail(msg, status=2):
    print(f"slicalc_dask: {msg}", file=sys.stderr)
    return status


def list_inputs(inputs, cwd):
    """On a worker: the files the INPUTs name on this host, as
    {"files": {name: size}, "matched": [index of each INPUT that named
    something]}, names relative when the INPUT was."""
    base = cwd if os.path.isdir(cwd) else os.getcwd()
    seen = {}
    matched = []
    for k, inp in enumerate(inputs):
        if glob.has_magic(inp):
            names = sorted(glob.glob(inp, root_dir=None if os.path.isabs(inp) else base))
        else:
            names = [inp]
        hit = False
        for name in names:
            full = name if os.path.isabs(name) else os.path.join(base, name)
            if os.path.isdir(full):
                hit = True
                for root, dirs, files in os.walk(full):
                    dirs.sort()
                    for f in sorted(files):
                        rel = os.path.join(root, f)
                        if not os.path.isabs(name):
                            rel = os.path.relpath(rel, base)
                        seen.setdefault(rel, None)
            elif os.path.exists(full):
                hit = True
                seen.setdefault(name, None)
        if hit:
            matched.append(k)
    out = {}
    for name in seen:
        full = name if os.path.isabs(name) else os.path.join(base, name)
        try:
            out[name] = os.stat(full).st_size
        except OSError:
            out[name] = 0  # still listed, so that slicalc says why
    return {"files": out, "matched": matched}


def head_digests(lengths, cwd):
    """On a worker: {name: digest of the first lengths[name] bytes} of
    the files this host has."""
    base = cwd if os.path.isdir(cwd) else os.getcwd()
    out = {}
    for name, n in lengths.items():
        full = name if os.path.isabs(name) else os.path.join(base, name)
        try:
            with open(full, "rb") as f:
                data = f.read(n)
        except OSError:
            out[name] = "unreadable"
            continue
        # shorter than when listed: not the file the other hosts have
        out[name] = hashlib.sha1(data).hexdigest() if len(data) == n else "shrunk"
    return out


def run_report(slicalc, rules_text, files, cwd, jobs, quiet):
    """On a worker: slicalc report over files; the state it printed, its
    standard error and its exit status (or why it could not run)."""
    try:
        from distributed import get_worker
        where = get_worker().address
    except Exception:  # not on a worker (tests)
        where = "?"
    base = cwd if os.path.isdir(cwd) else None
    cmd = [slicalc, "report", "-j", str(jobs), "--save-state", "-"]
    if quiet:
        cmd.insert(2, "-q")
    rules = None
    if rules_text is not None:
        rules = tempfile.NamedTemporaryFile("wb", suffix=".yaml", delete=False)
        rules.write(rules_text)
        rules.close()
        cmd += ["-r", rules.name]
    try:
        p = subprocess.run(cmd + ["--"] + list(files), cwd=base,
                           stdin=subprocess.DEVNULL, capture_output=True)
    except OSError as e:
        return {"error": f"on worker {where}: {slicalc}: {e.strerror}"}
    finally:
        if rules:
            os.unlink(rules.name)
    return {"state": p.stdout, "stderr": p.stderr, "rc": p.returncode,
            "where": where}


def share_out(files, nbuckets):
    """files [(name, size)] into at most nbuckets lists: largest first
    into the lightest, each list then in name order."""
    nbuckets = max(1, min(nbuckets, len(files)))
    heap = [(0, i, []) for i in range(nbuckets)]
    for name, size in sorted(files, key=lambda f: (-f[1], f[0])):
        load, i, names = heapq.heappop(heap)
        names.append(name)
        heapq.heappush(heap, (load + size, i, names))
    return [sorted(names) for _, _, names in sorted(heap, key=lambda b: b[1]) if names]


def common_heads(sizes):
    """From each host's listing {host: {name: size}}: the names listed
    by several hosts, each with the bytes to digest on every one of them:
    the prefix all have (at most HEAD), so that a file being appended to
    while the hosts list it is still one file."""
    by_name = {}
    for files in sizes.values():
        for name, size in files.items():
            by_name.setdefault(name, []).append(size)
    return {name: min(min(s), HEAD) for name, s in by_name.items() if len(s) > 1}


def plan(sizes, heads, workers_on, missing):
    """The tasks: [(hosts or None for any, [names])], from each host's
    listing {host: {name: size}}, the digests of the names several hosts
    list {host: {name: digest}} (common_heads), the workers of each host
    and the INPUTs no host found. A name is one file on one host; on
    several, one file when its common prefix is the same (shared storage),
    else one per host; it weighs the largest size seen."""
    empty_somewhere = set()  # empty on a host, not on another: no
    for name in common_heads(sizes):  # common prefix to compare
        s = [files[name] for files in sizes.values() if name in files]
        if min(s) == 0 < max(s):
            empty_somewhere.add(name)
    where = {}  # (name, digest or host) -> [hosts, largest size]
    for host, files in sizes.items():
        for name, size in files.items():
            d = heads.get(host, {}).get(name)
            if name in empty_somewhere or d in ("unreadable", "shrunk"):
                d = ("host", host)
            key = (name, d)
            w = where.setdefault(key, [set(), 0])
            w[0].add(host)
            w[1] = max(w[1], size)
    all_hosts = set(sizes)
    groups = {}  # frozenset of hosts (None: all) -> [(name, size)]
    for (name, _), (hosts, size) in where.items():
        key = None if hosts == all_hosts else frozenset(hosts)
        groups.setdefault(key, []).append((name, size))
    # named, but found by no host: slicalc will say so
    if missing:
        groups.setdefault(None, []).extend((i, 0) for i in missing)
    tasks = []
    for key in sorted(groups, key=lambda k: sorted(k) if k else []):
        nw = sum(workers_on[h] for h in (key or all_hosts))
        for names in share_out(groups[key], nw):
            tasks.append((sorted(key) if key else None, names))
    return tasks


def wait_for(client, futures, tasks, patience):
    """Waits for the tasks; None when all ended, else why not: a task
    pinned to hosts that have had no worker for patience seconds."""
    since = None
    while not all(f.done() for f in futures):
        time.sleep(0.5)
        try:
            live = {w["host"] for w in client.scheduler_info()["workers"].values()}
        except Exception as e:
            return f"lost the scheduler: {e}"
        orphans = [(hosts, names) for f, (hosts, names) in zip(futures, tasks)
                   if not f.done() and not (set(hosts) if hosts else live) & live]
        if not orphans:
            since = None
        elif since is None:
            since = time.monotonic()
        elif time.monotonic() - since > patience:
            hosts, names = orphans[0]
            return (f"no worker left on {', '.join(hosts) if hosts else 'any host'}"
                    f" for {patience:g} s to read {names[0]}"
                    f"{' and %d more' % (len(names) - 1) if len(names) > 1 else ''}")
    return None


# notes of the whole, which merge prints again: left out of the tasks'
SHARE_NOTE = re.compile(rb"^slicalc: (note: SLI '|.*: match error: |\d+ requests? could not be matched: )")


def order_messages(lines):
    """The tasks' standard error in report's order: errors, then the
    files' notes, kind by kind (see cli_input_notes)."""
    def kind(line):
        if b": note: no request in " in line:
            return 1
        if b": note: no line of the first 64 KiB " in line:
            return 3
        if b": note: " in line:
            return 2
        return 0
    return sorted((ln for ln in lines if not SHARE_NOTE.match(ln)), key=kind)


def local_cluster(workers, scratch, silence=logging.ERROR):
    """The cluster of one machine, on the loopback only: the scheduler and
    the workers each serve HTTP too (/health, /info, call stacks, logs),
    by default on every address; here on 127.0.0.1 and a free port (8787
    may be taken by another cluster on the host, which distributed says
    in a warning on stderr), and the scheduler without its dashboard."""
    from dask.distributed import LocalCluster
    return LocalCluster(n_workers=workers, threads_per_worker=1,
                        processes=True, host="127.0.0.1",
                        dashboard_address="127.0.0.1:0",
                        worker_dashboard_address="127.0.0.1:0",
                        scheduler_kwargs={"dashboard": False},
                        silence_logs=silence, local_directory=scratch)


def main():
    ap = argparse.ArgumentParser(
        prog="slicalc_dask.py",
        description="One slicalc report over files read by Dask workers: "
        "report --save-state - per share of the files, merged here.")
    ap.add_argument("--scheduler", metavar="ADDR",
                    help="a Dask scheduler (tcp://host:8786); default: a "
                    "local cluster, one worker process per core")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                    metavar="N", help="worker processes of the local cluster")
    ap.add_argument("-r", "--rules", metavar="RULES",
                    help="SLI rules (read here, sent to the workers)")
    ap.add_argument("-o", "--output", default="table",
                    choices=["table", "json", "csv", "markdown", "html"])
    ap.add_argument("-q", "--quiet", action="store_true",
                    help="no notes on standard error (as report -q)")
    ap.add_argument("--slicalc", default="slicalc", metavar="PATH",
                    help="slicalc on the workers and here (default: slicalc "
                    "on PATH)")
    ap.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                    help="threads of each task's slicalc (default 1: one "
                    "task per worker process)")
    ap.add_argument("--retries", type=int, default=3,
                    help="times a task that failed is run again")
    ap.add_argument("--no-worker-wait", type=float, default=60, metavar="S",
                    help="seconds a task may wait with no worker left on the "
                    "hosts that have its files before the job gives up "
                    "(default 60)")
    ap.add_argument("--connect-timeout", type=float, default=10, metavar="S",
                    help="seconds to reach --scheduler (default 10)")
    ap.add_argument("inputs", nargs="+", metavar="INPUT")
    a = ap.parse_args()

    if "-" in a.inputs:
        return fail("-: standard input cannot be read here: a worker's "
                    "standard input is not yours (give files)")
    if not shutil.which(a.slicalc):
        return fail(f"{a.slicalc}: slicalc not found (--slicalc PATH)")

    rules_text = None
    if a.rules:
        try:
            with open(a.rules, "rb") as f:
                rules_text = f.read()
        except OSError as e:
            return fail(f"{a.rules}: {e.strerror}")

        # checked here, so that a mistake is told once and by its path
        # (the workers read a copy under a temporary name)
        p = subprocess.run([a.slicalc, "report", "-q", "-r", a.rules,
                            "--save-state", "-", "-"],
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        if p.returncode == 2:
            return 2

    # Dask's own notes (INFO, WARNING) stay off standard error, which
    # carries slicalc's messages; worker processes inherit the setting
    os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "error")
    logging.getLogger("distributed").setLevel(logging.ERROR)
    try:  # after argparse: --help is quick
        from dask.distributed import Client
    except ImportError as e:
        return fail(f"Dask's distributed is not installed ({e}; on Debian: "
                    "apt-get install python3-distributed)")

    cluster = None
    scratch = None
    if a.scheduler:
        try:
            client = Client(a.scheduler, timeout=f"{a.connect_timeout}s")
        except Exception as e:
            return fail(f"cannot reach the scheduler {a.scheduler}: "
                        f"{str(e).splitlines()[0] if str(e) else type(e).__name__}")
    else:
        # the workers' spill directory our own, gone with the job
        scratch = tempfile.TemporaryDirectory(prefix="slicalc-dask-")
        cluster = local_cluster(a.workers, scratch.name)
        client = Client(cluster)
    try:
        cwd = os.getcwd()
        info = client.scheduler_info()["workers"]
        if not info:
            return fail("the scheduler has no workers")
        hosts_of = {addr: w["host"] for addr, w in info.items()}
        workers_on = {}
        rep = {}  # host -> the worker that lists its files
        for addr in sorted(hosts_of):
            h = hosts_of[addr]
            workers_on[h] = workers_on.get(h, 0) + 1
            rep.setdefault(h, addr)
        # one listing per host: its workers would each see a file being
        # appended to at another size
        listing = client.run(list_inputs, a.inputs, cwd, workers=list(rep.values()))
        host_of_rep = {addr: h for h, addr in rep.items()}
        sizes = {host_of_rep[addr]: r["files"] for addr, r in listing.items()}
        matched = set()
        for r in listing.values():
            matched.update(r["matched"])
        missing = [inp for k, inp in enumerate(a.inputs) if k not in matched]
        lengths = common_heads(sizes)
        heads = {}
        if lengths:
            d = client.run(head_digests, lengths, cwd,
                           workers=[rep[h] for h in sizes])
            heads = {host_of_rep[addr]: v for addr, v in d.items()}
        tasks = plan(sizes, heads, {h: workers_on[h] for h in sizes}, missing)
        futures = [
            client.submit(run_report, a.slicalc, rules_text, names, cwd,
                          a.jobs, a.quiet, workers=hosts,
                          allow_other_workers=False,
                          retries=a.retries, pure=False)
            for hosts, names in tasks
        ]
        why = wait_for(client, futures, tasks, a.no_worker_wait)
        if why:
            return fail(why)
        # only whole results: a task's value exists once it completed
        try:
            results = client.gather(futures)
        except Exception as e:
            return fail(f"a task failed: {type(e).__name__}: {e}")
    finally:
        client.close()
        if cluster:
            cluster.close()
            scratch.cleanup()

    status = 0
    lines = []
    for r in results:
        if "error" in r:
            return fail(r["error"])
        lines += r["stderr"].splitlines(keepends=True)
    for r in results:
        if r["rc"] < 0:
            return fail(f"slicalc was killed by signal {-r['rc']} on worker "
                        f"{r['where']}")
        if r["rc"] == 2:  # its message is a usage or setup error
            sys.stderr.buffer.writelines(lines)
            return 2
        if r["rc"] not in (0, 1):
            sys.stderr.buffer.writelines(lines)
            return fail(f"slicalc ended with status {r['rc']} on worker {r['where']}")
        if not r["state"]:
            sys.stderr.buffer.writelines(lines)
            return fail(f"slicalc printed no state on worker {r['where']}")
        status = max(status, r["rc"])
    sys.stdout.flush()
    merge = [a.slicalc, "merge", "-o", a.output, "-"]
    if a.quiet:
        merge.insert(2, "-q")
    p = subprocess.run(merge, input=b"".join(r["state"] for r in results),
                       stderr=subprocess.PIPE)
    # in report's order: the samples of unparsed lines (merge's),
    # errors and the files' notes (the tasks'), the SLIs' notes (merge's)
    mlines = p.stderr.splitlines(keepends=True)
    sli = [ln for ln in mlines if ln.startswith(b"slicalc: note: SLI '")]
    rest = [ln for ln in mlines if not ln.startswith(b"slicalc: note: SLI '")]
    sys.stderr.buffer.writelines(rest + order_messages(lines) + sli)
    sys.stderr.flush()
    return p.returncode if p.returncode else status


if __name__ == "__main__":
    sys.exit(main())
