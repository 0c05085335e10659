#!/usr/bin/env bash
# Starts and stops the servers the integration tests talk to: a nats-server (JetStream on) and a PostgreSQL 15
# cluster, both on 127.0.0.1 on non-default ports, under one temporary directory. Sourced by run.sh.
#
#   te_services_install   apt-get install nats-server, PostgreSQL 15 and chromium when they are missing
#   te_services_start     start both, wait until they accept connections, export TE_NATS_URL and TE_PG
#   te_services_stop      stop both and remove the directory (safe to call twice)
#
# Ports: TE_NATS_PORT (14222), TE_NATS_MONITOR_PORT (18222), TE_PG_PORT (15432).

TE_NATS_PORT=${TE_NATS_PORT:-14222}
TE_NATS_MONITOR_PORT=${TE_NATS_MONITOR_PORT:-18222}
TE_PG_PORT=${TE_PG_PORT:-15432}
TE_PG_BIN=${TE_PG_BIN:-/usr/lib/postgresql/15/bin}
# A fixed place for the pid files, so a run killed with -9 is cleaned up by the next one.
TE_SERVICES_STATE=${TE_SERVICES_STATE:-/tmp/te-services-$(id -u)}

te_as_postgres() {
  # initdb and postgres refuse to run as root; as an ordinary user they run as that user.
  if [ "$(id -u)" = 0 ]; then (cd /tmp && runuser -u postgres -- "$@"); else (cd /tmp && "$@"); fi
}

te_services_install() {
  local missing=()
  command -v nats-server >/dev/null 2>&1 || missing+=(nats-server)
  [ -x "$TE_PG_BIN/initdb" ] && [ -x "$TE_PG_BIN/pg_ctl" ] || missing+=(postgresql-15)
  command -v psql >/dev/null 2>&1 && command -v pg_isready >/dev/null 2>&1 || missing+=(postgresql-client-15)
  # the browser tests of the tearsheet and the dashboard drive it through Playwright (no browser download)
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "services: installing ${missing[*]} with apt-get"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

te_port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

te_wait_for() { # description, timeout seconds, command...
  local what=$1 timeout=$2; shift 2
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then echo "services: $what did not come up within ${timeout}s" >&2; return 1; fi
    sleep 0.2
  done
}

te_services_stop() {
  [ -d "$TE_SERVICES_STATE" ] || return 0
  if [ -f "$TE_SERVICES_STATE/nats.pid" ]; then
    local pid; pid=$(cat "$TE_SERVICES_STATE/nats.pid")
    if kill "$pid" 2>/dev/null; then
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$TE_SERVICES_STATE/nats.pid"
  fi
  if [ -f "$TE_SERVICES_STATE/pgdata/postmaster.pid" ]; then
    te_as_postgres "$TE_PG_BIN/pg_ctl" -D "$TE_SERVICES_STATE/pgdata" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  fi
  rm -rf "$TE_SERVICES_STATE"
}

te_services_start() {
  te_services_stop # a previous run that was killed hard leaves its servers behind
  for port in "$TE_NATS_PORT" "$TE_NATS_MONITOR_PORT" "$TE_PG_PORT"; do
    te_port_free "$port" || { echo "services: port $port on 127.0.0.1 is taken by another program; set TE_NATS_PORT/TE_NATS_MONITOR_PORT/TE_PG_PORT" >&2; return 1; }
  done
  mkdir -p "$TE_SERVICES_STATE"
  chmod 755 "$TE_SERVICES_STATE"

  nats-server -a 127.0.0.1 -p "$TE_NATS_PORT" -m "$TE_NATS_MONITOR_PORT" -js -sd "$TE_SERVICES_STATE/nats-js" \
    >"$TE_SERVICES_STATE/nats.log" 2>&1 &
  echo $! >"$TE_SERVICES_STATE/nats.pid"

  local pgdata="$TE_SERVICES_STATE/pgdata"
  if [ "$(id -u)" = 0 ]; then install -d -o postgres -g postgres -m 700 "$pgdata"; else install -d -m 700 "$pgdata"; fi
  local pguser=postgres
  te_as_postgres "$TE_PG_BIN/initdb" -D "$pgdata" -U "$pguser" --auth=trust -E UTF8 --locale=C.UTF-8 >"$TE_SERVICES_STATE/initdb.log" 2>&1 \
    || { cat "$TE_SERVICES_STATE/initdb.log" >&2; return 1; }
  te_as_postgres "$TE_PG_BIN/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $TE_PG_PORT -k /tmp -c fsync=off -c max_connections=200" start >/dev/null \
    || { cat "$pgdata/server.log" >&2; return 1; }

  te_wait_for "nats-server on 127.0.0.1:$TE_NATS_PORT" 30 curl -fsS "http://127.0.0.1:$TE_NATS_MONITOR_PORT/healthz?js-enabled-only=true" || { cat "$TE_SERVICES_STATE/nats.log" >&2; return 1; }
  te_wait_for "PostgreSQL on 127.0.0.1:$TE_PG_PORT" 60 pg_isready -h 127.0.0.1 -p "$TE_PG_PORT" -U "$pguser" || return 1

  export TE_NATS_URL="nats://127.0.0.1:$TE_NATS_PORT"
  export TE_NATS_MONITOR_URL="http://127.0.0.1:$TE_NATS_MONITOR_PORT"
  export TE_PG="Host=127.0.0.1;Port=$TE_PG_PORT;Username=$pguser;Database=postgres"
  export TE_PG_BIN
  echo "services: nats-server $TE_NATS_URL (JetStream), PostgreSQL $TE_PG"
}
