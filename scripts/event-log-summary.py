#!/usr/bin/env python3
"""Where a run's time went, from a Spark event log (spark.eventLog.enabled):
   scripts/event-log-summary.py DIR_OR_FILE [--top N]
Prints, per clientele stage (the job group the Runner sets), the wall seconds of its Spark jobs, and
the N longest jobs with their call site, task seconds, shuffle and spill bytes."""
import json, os, subprocess, sys
from collections import defaultdict

def events(path):
    """Every event of the log (a file, or a folder with rolled eventlog_v2_* parts; zstd read with zstdcat)."""
    files = []
    for root, _, names in os.walk(path) if os.path.isdir(path) else [("", None, [path])]:
        files += [os.path.join(root, n) for n in names if "appstatus" not in n]
    files.sort(key=lambda f: (os.path.dirname(f), int(os.path.basename(f).split("_")[1])
                              if os.path.basename(f).startswith("events_") else 0))
    for f in files:
        if f.endswith(".zstd"):
            text = subprocess.run(["zstdcat", f], capture_output=True).stdout.decode("utf-8", "replace")
        else:
            text = open(f, encoding="utf-8").read()
        for line in text.splitlines():
            try:
                yield json.loads(line)
            except json.JSONDecodeError:
                pass  # the last line of a log still being written

def main():
    args = sys.argv[1:]
    top = 15
    if "--top" in args:
        i = args.index("--top"); top = int(args[i + 1]); del args[i:i + 2]
    jobs, stage_job, stage_stats = {}, {}, defaultdict(lambda: defaultdict(float))
    sql = {}
    for e in events(args[0]):
        ev = e["Event"]
        if ev.endswith("SparkListenerSQLExecutionStart"):
            # The call site: the first frame of the job's own code in the details.
            frames = [l.strip() for l in e.get("details", "").splitlines() if "dev.clientele" in l]
            sql[str(e["executionId"])] = (frames[0] if frames else e.get("description", "?"))[:110]
        elif ev == "SparkListenerJobStart":
            props = e.get("Properties", {})
            site = sql.get(props.get("spark.sql.execution.id"), props.get("callSite.short", "?"))
            jobs[e["Job ID"]] = {"start": e["Submission Time"], "group": props.get("spark.jobGroup.id", "-"),
                                 "site": site, "stages": e.get("Stage IDs", []),
                                 "sqlid": props.get("spark.sql.execution.id")}
            for s in e.get("Stage IDs", []):
                stage_job[s] = e["Job ID"]
        elif ev == "SparkListenerJobEnd" and e["Job ID"] in jobs:
            jobs[e["Job ID"]]["end"] = e["Completion Time"]
        elif ev == "SparkListenerTaskEnd":
            m = e.get("Task Metrics") or {}
            st = stage_stats[e["Stage ID"]]
            st["task_s"] += (m.get("Executor Run Time", 0)) / 1000
            st["shuffle_write"] += (m.get("Shuffle Write Metrics") or {}).get("Shuffle Bytes Written", 0)
            st["spill"] += m.get("Disk Bytes Spilled", 0)
            st["gc_s"] += m.get("JVM GC Time", 0) / 1000
    # Jobs of one query (AQE submits each query stage as a job) are merged into one row per query;
    # a stage's time is the union of its jobs' intervals (they overlap).
    queries = {}
    for jid, j in jobs.items():
        key = (j["group"], j.get("sqlid") or f"job{jid}")
        q = queries.setdefault(key, {"group": j["group"], "site": j["site"], "start": j["start"],
                                     "end": j.get("end", j["start"]), "task": 0.0, "shuffle": 0.0,
                                     "spill": 0.0, "gc": 0.0, "jobs": 0})
        q["start"] = min(q["start"], j["start"]); q["end"] = max(q["end"], j.get("end", j["start"]))
        q["jobs"] += 1
        for st in j["stages"]:
            q["task"] += stage_stats[st]["task_s"]; q["shuffle"] += stage_stats[st]["shuffle_write"]
            q["spill"] += stage_stats[st]["spill"]; q["gc"] += stage_stats[st]["gc_s"]
    groups = defaultdict(list)
    for q in queries.values():
        groups[q["group"]].append(q)
    print(f"{'stage':<10} {'queries':>7} {'elapsed s':>10} {'task s':>9}")
    for grp, qs in sorted(groups.items(), key=lambda kv: min(q["start"] for q in kv[1])):
        spans = sorted((q["start"], q["end"]) for q in qs)
        elapsed, cur_s, cur_e = 0, None, None
        for a, b in spans:
            if cur_e is None or a > cur_e:
                if cur_e is not None:
                    elapsed += cur_e - cur_s
                cur_s, cur_e = a, b
            else:
                cur_e = max(cur_e, b)
        elapsed += (cur_e - cur_s) if cur_e is not None else 0
        print(f"{grp:<10} {len(qs):>7} {elapsed/1000:>10.1f} {sum(q['task'] for q in qs):>9.1f}")
    print(f"\nlongest {top} queries:")
    print(f"{'wall s':>7} {'task s':>7} {'gc s':>6} {'shuffle MB':>10} {'spill MB':>9}  stage      call site")
    for q in sorted(queries.values(), key=lambda q: q["start"] - q["end"])[:top]:
        print(f"{(q['end']-q['start'])/1000:>7.1f} {q['task']:>7.1f} {q['gc']:>6.1f} {q['shuffle']/1e6:>10.1f}"
              f" {q['spill']/1e6:>9.1f}  {q['group']:<10} {q['site']}")

if __name__ == "__main__":
    main()
