#!/usr/bin/env python3
"""slicalc_dask.py - one slicalc report over archives spread across machines,
run as a map/reduce job on Dask's distributed scheduler.

    python3 contrib/dask/slicalc_dask.py [--scheduler ADDR] [-r RULES]
        [-o table|json|csv|markdown|html] [--slicalc PATH] INPUT...

Map: each task runs `slicalc report -q --save-state - -r RULES FILE...` on
its share of the files, on a worker of a host that can read them, and
returns the state it printed (with its standard error and exit status).
Reduce: the client pipes the states, concatenated, into
`slicalc merge -o FORMAT -` and prints the report: the same bytes as one
`slicalc report` over the same files run from the client's directory.

How files are found and shared out:
- INPUT is a file, a directory (its files, recursively) or a glob. Every
  worker expands the INPUTs itself (from the client's working directory
  when the worker's host has it, so relative paths stay as typed, and the
  report names files as they were named), and says each file's size and
  a digest of its first 64 KiB. A file that several hosts list with the
  same size and digest is one file (shared storage) that any of them may
  read; the same path with other contents on two hosts is two files (each
  host's own /var/log/nginx/access.log), each read on its host.
- Files are never split (a Rails request spans lines); they go into as
  many tasks as the hosts that hold them have workers, largest first into
  the lightest task, so the tasks are balanced by size.
- An INPUT no worker finds is still given to a task, so that slicalc
  names it ("No such file or directory") and the exit status is 1, as for
  `slicalc report`.

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
(or a state that does not merge); 3 never (no budget gate here).
"""

import argparse
import glob
import hashlib
import heapq
import logging
import os
import subprocess
import sys
import tempfile

HEAD = 64 * 1024  # bytes digested to tell two hosts' same-named files apart


def list_inputs(inputs, cwd):
    """On a worker: the files the INPUTs name on this host, as
    [(name, size, digest)], names relative when the INPUT was."""
    base = cwd if os.path.isdir(cwd) else os.getcwd()
    seen = {}
    for inp in inputs:
        if glob.has_magic(inp):
            names = sorted(glob.glob(inp, root_dir=None if os.path.isabs(inp) else base))
        else:
            names = [inp]
        for name in names:
            full = name if os.path.isabs(name) else os.path.join(base, name)
            if os.path.isdir(full):
                for root, dirs, files in os.walk(full):
                    dirs.sort()
                    for f in sorted(files):
                        rel = os.path.join(root, f)
                        if not os.path.isabs(name):
                            rel = os.path.relpath(rel, base)
                        seen.setdefault(rel, None)
            elif os.path.exists(full):
                seen.setdefault(name, None)
    out = []
    for name in seen:
        full = name if os.path.isabs(name) else os.path.join(base, name)
        try:
            size = os.stat(full).st_size
            with open(full, "rb") as f:
                digest = hashlib.sha1(f.read(HEAD)).hexdigest()
        except OSError:
            # unreadable: still listed, so that slicalc says why
            size, digest = 0, "unreadable"
        out.append((name, size, digest))
    return out


def run_report(slicalc, rules_text, files, cwd, jobs):
    """On a worker: slicalc report over files; the state it printed, its
    standard error and its exit status."""
    base = cwd if os.path.isdir(cwd) else None
    cmd = [slicalc, "report", "-q", "-j", str(jobs), "--save-state", "-"]
    rules = None
    if rules_text is not None:
        rules = tempfile.NamedTemporaryFile("wb", suffix=".yaml", delete=False)
        rules.write(rules_text)
        rules.close()
        cmd += ["-r", rules.name]
    try:
        p = subprocess.run(cmd + ["--"] + list(files), cwd=base,
                           stdin=subprocess.DEVNULL, capture_output=True)
    finally:
        if rules:
            os.unlink(rules.name)
    return {"state": p.stdout, "stderr": p.stderr, "rc": p.returncode}


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


def plan(listing, hosts_of, inputs):
    """The tasks: [(hosts or None for any, [names])], from each worker's
    listing {addr: [(name, size, digest)]} and each worker's host."""
    where = {}  # (name, size, digest) -> hosts holding it
    for addr, files in listing.items():
        for f in files:
            where.setdefault(f, set()).add(hosts_of[addr])
    all_hosts = set(hosts_of.values())
    workers_on = {}
    for h in hosts_of.values():
        workers_on[h] = workers_on.get(h, 0) + 1
    groups = {}  # frozenset of hosts (None: all) -> [(name, size)]
    for (name, size, _), hosts in where.items():
        key = None if hosts == all_hosts else frozenset(hosts)
        groups.setdefault(key, []).append((name, size))
    # named, but found by no worker: slicalc will say so
    found = {name for (name, _, _) in where}
    missing = [(i, 0) for i in inputs if not glob.has_magic(i) and i not in found
               and not any(n.startswith(i.rstrip("/") + "/") for n in found)]
    if missing:
        groups.setdefault(None, []).extend(missing)
    tasks = []
    for key in sorted(groups, key=lambda k: sorted(k) if k else []):
        nw = sum(workers_on[h] for h in (key or all_hosts))
        for names in share_out(groups[key], nw):
            tasks.append((sorted(key) if key else None, names))
    return tasks


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
    ap.add_argument("--slicalc", default="slicalc", metavar="PATH",
                    help="slicalc on the workers and here (default: slicalc "
                    "on PATH)")
    ap.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                    help="threads of each task's slicalc (default 1: one "
                    "task per worker process)")
    ap.add_argument("--retries", type=int, default=3,
                    help="times a task that failed is run again")
    ap.add_argument("inputs", nargs="+", metavar="INPUT")
    a = ap.parse_args()

    rules_text = None
    if a.rules:
        try:
            with open(a.rules, "rb") as f:
                rules_text = f.read()
        except OSError as e:
            print(f"slicalc_dask: {a.rules}: {e.strerror}", file=sys.stderr)
            return 2

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
    from dask.distributed import Client, LocalCluster  # after argparse: --help is quick

    cluster = None
    scratch = None
    if a.scheduler:
        client = Client(a.scheduler)
    else:
        # the workers' spill directory our own, gone with the job
        scratch = tempfile.TemporaryDirectory(prefix="slicalc-dask-")
        # no dashboard, and its HTTP port any free one: the default,
        # 8787, may be taken (another cluster on the host), which
        # distributed says in a warning on stderr
        cluster = LocalCluster(n_workers=a.workers, threads_per_worker=1,
                               processes=True, dashboard_address=":0",
                               scheduler_kwargs={"dashboard": False},
                               silence_logs=logging.ERROR,
                               local_directory=scratch.name)
        client = Client(cluster)
    try:
        cwd = os.getcwd()
        info = client.scheduler_info()["workers"]
        if not info:
            print("slicalc_dask: the scheduler has no workers", file=sys.stderr)
            return 2
        hosts_of = {addr: w["host"] for addr, w in info.items()}
        listing = client.run(list_inputs, a.inputs, cwd)
        hosts_of = {addr: hosts_of.get(addr, addr) for addr in listing}
        tasks = plan(listing, hosts_of, a.inputs)
        futures = [
            client.submit(run_report, a.slicalc, rules_text, names, cwd,
                          a.jobs, workers=hosts, allow_other_workers=False,
                          retries=a.retries, pure=False)
            for hosts, names in tasks
        ]
        # only whole results: a task's value exists once it completed
        results = client.gather(futures)
    finally:
        client.close()
        if cluster:
            cluster.close()
            scratch.cleanup()

    status = 0
    for r in results:
        sys.stderr.buffer.write(r["stderr"])
        if r["rc"] not in (0, 1) or not r["state"]:
            status = 2
        elif r["rc"] == 1:
            status = max(status, 1)
    sys.stderr.flush()
    if status == 2:
        return 2
    sys.stdout.flush()
    p = subprocess.run([a.slicalc, "merge", "-o", a.output, "-"],
                       input=b"".join(r["state"] for r in results))
    return p.returncode if p.returncode else status


if __name__ == "__main__":
    sys.exit(main())
