#!/usr/bin/env bash
# Makes a Debian machine ready to run and test Sieve: pnpm, the proxy servers the tests
# drive, and running PostgreSQL and Redis. Safe to run again; skips what is already there.
set -euo pipefail

PNPM_VERSION=12.4.2
if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  npm install -g "pnpm@$PNPM_VERSION" >/dev/null
fi

# chromium: the dashboard's browser tests drive Debian's build through playwright-core.
# python3, make, g++: node-gyp builds the probe's kernel clock at install (docs/probe.md#load).
packages=(squid tinyproxy dante-server microsocks openssl chromium python3 make g++)
missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # Tests start private proxy instances on their own ports, so the packages' own services are not
  # wanted: policy-rc.d (Debian's switch for this) keeps the install from starting them, and no
  # process is ever ended by name here.
  policy=/usr/sbin/policy-rc.d
  made_policy=false
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && made_policy=true
    trap 'rm -f "$policy"' EXIT
  fi
  apt-get install -y -qq "${missing[@]}" >/dev/null
  if [ "$made_policy" = true ]; then
    rm -f "$policy"
    trap - EXIT
  fi
fi

if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
# BullMQ must never lose keys to eviction, and that must hold after Redis restarts, so the setting
# lives in a config file, not only in the running server.
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  mkdir -p /var/lib/redis /var/log/redis /etc/redis
  conf=/etc/redis/sieve-dev.conf
  cat >"$conf" <<'CONF'
# Written by Sieve's infra/dev/setup-machine.sh: the Redis the tests and pnpm start use.
bind 127.0.0.1 -::1
port 6379
daemonize yes
dir /var/lib/redis
logfile /var/log/redis/sieve-dev.log
save ""
appendonly yes
maxmemory-policy noeviction
CONF
  redis-server "$conf"
  for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
else
  # A Redis someone else started: changed at run time, then in its own config file when it has
  # one (CONFIG REWRITE), else in the packaged one its service reads at its next start.
  redis-cli -h 127.0.0.1 -p 6379 config set maxmemory-policy noeviction >/dev/null
  config_file=$(redis-cli -h 127.0.0.1 -p 6379 info server | tr -d '\r' | sed -n 's/^config_file://p')
  if [ -n "$config_file" ]; then
    redis-cli -h 127.0.0.1 -p 6379 config rewrite >/dev/null
  elif [ -f /etc/redis/redis.conf ]; then
    if grep -qE '^[[:space:]]*maxmemory-policy[[:space:]]' /etc/redis/redis.conf; then
      sed -i -E 's/^[[:space:]]*maxmemory-policy[[:space:]].*/maxmemory-policy noeviction/' /etc/redis/redis.conf
    else
      printf '\n# Sieve: BullMQ must never lose keys to eviction.\nmaxmemory-policy noeviction\n' >>/etc/redis/redis.conf
    fi
  fi
fi
