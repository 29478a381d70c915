#!/usr/bin/env python3
"""The shared-file abuse run of issue 12, to repeat by hand (not part of CI).

WRITERS processes write through the command line into one database for SECONDS
(comments, priority edits with --if-version, assignments) while a killer sends
`kill -9` to a running writer about twice a second until KILLS were sent. Every
write a process acknowledged (exit 0, JSON printed) is then looked for in the
file: each comment exactly once, each change in the audit log at the version the
command reported (or, for a value the ticket already had, nothing). Any panic (exit 101), any error other than a conflict or a busy
file, a lost or doubled write, or a failing `db check` makes the run fail.

    scripts/abuse.py [--bin target/debug/aftercare] [--db /tmp/abuse.db]
                     [--writers 8] [--seconds 60] [--kills 100] [--tickets 20]
                     [--share]

--share puts each writer on its own FUSE mount (bindfs, root) of the database's
folder, as colleagues on their own machines reach a shared drive. (Writers on one
bindfs mount do not exclude each other: bindfs takes every client's locks as its
own process, so they never conflict, and SQLite's locking is void. The mounts use
direct_io: FUSE's page cache would serve one mount stale pages another mount
wrote, which a network file system's client drops when it takes a lock.)
"""

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default="target/debug/aftercare")
    ap.add_argument("--db")
    ap.add_argument("--writers", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--kills", type=int, default=100)
    ap.add_argument("--tickets", type=int, default=20)
    ap.add_argument("--share", action="store_true")
    a = ap.parse_args()
    home = tempfile.mkdtemp(prefix="aftercare-abuse-")
    db = a.db or os.path.join(home, "abuse.db")
    env = dict(os.environ, HOME=home, XDG_DATA_HOME=os.path.join(home, "data"))
    for k in ("AFTERCARE_DB", "AFTERCARE_CONFIG", "AFTERCARE_LOG"):
        env.pop(k, None)

    mounts = []
    if a.share:
        for w in range(a.writers):
            m = tempfile.mkdtemp(prefix=f"mount{w}-", dir=home)
            subprocess.run(
                ["bindfs", "--multithreaded", "--enable-lock-forwarding",
                 "-o", "entry_timeout=0,attr_timeout=0,negative_timeout=0,direct_io",
                 os.path.dirname(db), m],
                check=True,
            )
            mounts.append(m)

    def path_of(w):
        return os.path.join(mounts[w], os.path.basename(db)) if mounts else db

    def run(args, actor="setup", at=None):
        return subprocess.run(
            [a.bin, "--db", at or db, "--actor", actor, "--format", "json", *args],
            env=env, capture_output=True, text=True,
        )

    # Set up through the share too, so the file starts the way a team's would.
    for i in range(a.tickets):
        r = run(["ticket", "new", "--title", f"abuse {i}"], at=path_of(0))
        assert r.returncode == 0, r.stderr
    for name in ("alice", "bob", "carol"):
        assert run(["agent", "new", name], at=path_of(0)).returncode == 0

    lock = threading.Lock()
    running = {}  # pid -> Popen
    acked_comments = []  # (ticket, body, comment id)
    acked_edits = []  # (ticket, field, value, version)
    failures = []
    counts = {"ok": 0, "conflict": 0, "busy": 0, "killed": 0, "kills_sent": 0}
    stop = time.time() + a.seconds

    def writer(w):
        rnd = random.Random(w)
        n = 0
        while time.time() < stop:
            n += 1
            t = rnd.randint(1, a.tickets)
            op = rnd.random()
            if op < 0.6:
                body = f"w{w}-{n} 客户回复"
                args = ["ticket", "comment", str(t), body]
            else:
                shown = run(["ticket", "show", str(t)], f"w{w}", path_of(w))
                if shown.returncode != 0:
                    failures.append(f"show #{t} → exit {shown.returncode}: {shown.stderr.strip()}")
                    continue
                cur = json.loads(shown.stdout)
                if op < 0.85:
                    prio = rnd.choice(["low", "normal", "high", "urgent"])
                    args = ["ticket", "edit", str(t), "--priority", prio,
                            "--if-version", str(cur["version"])]
                else:
                    who = rnd.choice(["alice", "bob", "carol", "none"])
                    args = ["ticket", "assign", str(t), who]
            p = subprocess.Popen(
                [a.bin, "--db", path_of(w), "--actor", f"w{w}", "--format", "json", *args],
                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            )
            with lock:
                running[p.pid] = p
            out, err = p.communicate()
            with lock:
                running.pop(p.pid, None)
                if p.returncode == -signal.SIGKILL:
                    counts["killed"] += 1
                elif p.returncode == 0:
                    counts["ok"] += 1
                    rec = json.loads(out)
                    if args[1] == "comment":
                        acked_comments.append((t, args[3], rec["id"]))
                    elif args[1] == "edit":
                        acked_edits.append((t, "priority", args[4], rec["version"]))
                        if rec["priority"] != args[4]:
                            failures.append(f"{' '.join(args)} printed priority {rec['priority']}")
                    else:
                        acked_edits.append((t, "assignee", args[3], rec["version"]))
                        if (rec["assignee"] or "none") != args[3]:
                            failures.append(f"{' '.join(args)} printed assignee {rec['assignee']}")
                elif p.returncode == 1 and "conflict" in err:
                    counts["conflict"] += 1
                elif p.returncode == 1 and ("busy" in err or "locked" in err):
                    counts["busy"] += 1
                else:
                    failures.append(f"{' '.join(args)} → exit {p.returncode}: {err.strip()}")

    def killer():
        rnd = random.Random(99)
        while time.time() < stop and counts["kills_sent"] < a.kills:
            time.sleep(rnd.uniform(0.2, 0.8))
            with lock:
                if running:
                    pid = rnd.choice(list(running))
                    try:
                        os.kill(pid, signal.SIGKILL)
                        counts["kills_sent"] += 1
                    except ProcessLookupError:
                        pass

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(a.writers)]
    threads.append(threading.Thread(target=killer))
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    for m in mounts:
        subprocess.run(["fusermount", "-u", m])
    # Every acknowledged write is in the file, once.
    export = run(["export", "json"])
    assert export.returncode == 0, export.stderr
    doc = json.loads(export.stdout)
    tables = doc.get("tables", doc)
    comments = tables["comments"]
    audit = tables["audit"]
    bodies = {}
    for c in comments:
        bodies[c["body"]] = bodies.get(c["body"], 0) + 1
    for t, body, cid in acked_comments:
        if bodies.get(body) != 1:
            failures.append(f"comment {body!r} on #{t} acknowledged, found {bodies.get(body, 0)} times")
    events = {
        (e["entity_id"], e["field"], e["version"]): e["new"] or "none"
        for e in audit if e["entity"] == "ticket"
    }

    def value_at(t, field, version):
        """The field's value once version `version` of ticket `t` was written."""
        for v in range(version, 0, -1):
            if (t, field, v) in events:
                return events[(t, field, v)]
        return {"priority": "normal", "assignee": "none"}[field]

    for t, field, value, version in acked_edits:
        got = events.get((t, field, version))
        if got is None and value_at(t, field, version) == value:
            continue  # it had that value already: the command had nothing to write
        if got != value:
            failures.append(
                f"#{t} {field}={value} acknowledged at version {version}; the audit log has {got}"
            )
    check = run(["db", "check"])
    if check.returncode != 0:
        failures.append(f"db check: {check.stderr.strip()}")

    print(
        f"{'on their own FUSE mounts: ' if mounts else ''}{a.writers} writers × {a.seconds:g} s: {counts['ok']} acknowledged writes "
        f"({len(acked_comments)} comments, {len(acked_edits)} edits/assignments), "
        f"{counts['conflict']} conflicts, {counts['busy']} busy, "
        f"{counts['kills_sent']} kill -9 sent ({counts['killed']} writers died of it)"
    )
    for f in failures[:20]:
        print("FAIL:", f)
    print("lost nothing" if not failures else f"{len(failures)} failures")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
