#!/usr/bin/env bash
# A real Spark standalone cluster on this machine: one master and two workers (1 core, bounded
# memory each), each its own JVM started with `java -cp` from Maven-resolved Spark jars, bound to
# 127.0.0.1 only, on free ports. Stopped by process id.
#   scripts/local-cluster.sh start    # prints the master URL (spark://127.0.0.1:PORT)
#   scripts/local-cluster.sh status
#   scripts/local-cluster.sh stop
# Environment: CLIENTELE_CLUSTER_DIR (state, logs; default jobs/target/local-cluster),
#              CLIENTELE_WORKER_MEMORY (default 1536m).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
STATE="${CLIENTELE_CLUSTER_DIR:-$CLIENTELE_ROOT/jobs/target/local-cluster}"
export SPARK_HOME="${CLIENTELE_SPARK_HOME:-$CLIENTELE_ROOT/jobs/target/spark-home}"
export SPARK_SCALA_VERSION=2.13
# The web UIs bind to SPARK_LOCAL_IP: loopback only.
export SPARK_LOCAL_IP=127.0.0.1
export SPARK_LOCAL_HOSTNAME=127.0.0.1

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

start_jvm() { # name, class, args...
  local name="$1" cls="$2"; shift 2
  # shellcheck disable=SC2086
  nohup java $JVM_OPENS -Xmx512m -cp "$SPARK_HOME/jars/*" "$cls" "$@" \
    > "$STATE/$name.log" 2>&1 &
  echo $! > "$STATE/$name.pid"
}

wait_for_log() { # file, pattern, seconds
  for _ in $(seq 1 "$3"); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    sleep 1
  done
  echo "[local-cluster] timed out waiting for '$2' in $1" >&2
  tail -20 "$1" >&2
  return 1
}

alive() { [[ -f "$STATE/$1.pid" ]] && kill -0 "$(cat "$STATE/$1.pid")" 2>/dev/null; }

start() {
  if alive master; then
    echo "[local-cluster] already running: $(cat "$STATE/master-url")"
    return 0
  fi
  clientele_spark_home "$SPARK_HOME"
  mkdir -p "$STATE"
  local port webui
  port="$(free_port)"
  webui="$(free_port)"
  start_jvm master org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" --webui-port "$webui"
  wait_for_log "$STATE/master.log" "Starting Spark master at" 60
  local url="spark://127.0.0.1:$port"
  for n in 1 2; do
    mkdir -p "$STATE/worker-$n"
    start_jvm "worker-$n" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 1 \
      --memory "${CLIENTELE_WORKER_MEMORY:-1536m}" --webui-port "$(free_port)" \
      --work-dir "$STATE/worker-$n" "$url"
  done
  wait_for_log "$STATE/worker-1.log" "Successfully registered with master" 60
  wait_for_log "$STATE/worker-2.log" "Successfully registered with master" 60
  echo "$url" > "$STATE/master-url"
  echo "$url"
}

stop() {
  for name in worker-1 worker-2 master; do
    if alive "$name"; then
      kill "$(cat "$STATE/$name.pid")" 2>/dev/null || true
    fi
  done
  sleep 1
  for name in worker-1 worker-2 master; do
    if alive "$name"; then kill -9 "$(cat "$STATE/$name.pid")" 2>/dev/null || true; fi
    rm -f "$STATE/$name.pid"
  done
  # Executors are children of the workers; make sure none outlives them.
  pkill -f "org.apache.spark.executor.CoarseGrainedExecutorBackend.*$STATE" 2>/dev/null || true
  rm -f "$STATE/master-url"
  echo "[local-cluster] stopped"
}

status() {
  for name in master worker-1 worker-2; do
    if alive "$name"; then echo "$name: running (pid $(cat "$STATE/$name.pid"))"; else echo "$name: stopped"; fi
  done
  [[ -f "$STATE/master-url" ]] && echo "master: $(cat "$STATE/master-url")"
  return 0
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
