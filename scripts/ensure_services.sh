#!/usr/bin/env bash
# Make sure Redis answers on REDIS_URL (start a local one if not), and, for the
# test suite, that PostgreSQL answers on 127.0.0.1:5432.
set -euo pipefail
cd "$(dirname "$0")/.."

REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0}
redis_ping() { .venv/bin/python -c "import redis,sys; redis.Redis.from_url(sys.argv[1], socket_timeout=2).ping()" "$REDIS_URL" 2>/dev/null; }

if ! redis_ping; then
  port=$(.venv/bin/python -c "from urllib.parse import urlparse; import sys; print(urlparse(sys.argv[1]).port or 6379)" "$REDIS_URL")
  echo "Redis does not answer on $REDIS_URL: starting a local redis-server on port $port"
  mkdir -p var/redis
  redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save "" --appendonly no \
    --dir "$PWD/var/redis" --logfile "$PWD/var/redis/redis.log"
  for _ in $(seq 50); do redis_ping && break; sleep 0.1; done
  redis_ping || { echo "Redis did not start; see var/redis/redis.log" >&2; exit 1; }
fi

pg_ping() { .venv/bin/python -c "import psycopg; psycopg.connect('postgresql://postgres@127.0.0.1:5432/test', connect_timeout=2).close()" 2>/dev/null; }
if [ "${NEED_POSTGRES:-0}" = 1 ] && ! pg_ping; then
  if command -v pg_ctlcluster >/dev/null; then
    echo "PostgreSQL does not answer: starting the local cluster"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
    for _ in $(seq 50); do pg_ping && break; sleep 0.2; done
  fi
  pg_ping || { echo "PostgreSQL does not answer on 127.0.0.1:5432 (database test)" >&2; exit 1; }
fi
echo "services: Redis ok${NEED_POSTGRES:+, PostgreSQL checked}"
