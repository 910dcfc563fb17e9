# shellcheck shell=bash
# Sourced by .ci/run: provisions a throw-away PostgreSQL 15 cluster with pgvector for the PostgreSQL store tests.
#  - installs the server and its development headers when missing (Debian packages);
#  - builds pgvector from ../shared/vendor/pgvector-0.8.6.tar.gz (beside the clone) unless that version is installed;
#    without either, it warns and provisions nothing (the PostgreSQL tests are then skipped with that reason);
#  - initdb's a cluster in a temporary folder, owned by a non-root user (the server refuses to run as root),
#    listening on 127.0.0.1 on a free port, and starts it;
#  - exports LOCALKERNEL_TEST_POSTGRES (the tests' connection string) and LOCALKERNEL_TEST_POSTGRES_REQUIRED=1,
#    which turns the PostgreSQL tests' "skipped: no server" into a failure, so CI cannot pass without running them;
#  - stops the cluster and deletes its folder when .ci/run exits.
# With LOCALKERNEL_PG_KEEP=1 the cluster is left running (for development) and its stop command is printed;
# LOCALKERNEL_PGVECTOR_TARBALL overrides where the pgvector source is.

localkernel_pg_provision() {
  local pg_version=15 pgvector_version=0.8.6
  local bin=/usr/lib/postgresql/$pg_version/bin
  local tarball
  tarball="${LOCALKERNEL_PGVECTOR_TARBALL:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/shared/vendor/pgvector-$pgvector_version.tar.gz}"

  if [ ! -x "$bin/initdb" ] || [ ! -f "/usr/include/postgresql/$pg_version/server/postgres.h" ] || ! command -v make >/dev/null || ! command -v gcc >/dev/null; then
    echo "postgres.sh: installing PostgreSQL $pg_version and its server headers" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-$pg_version" "postgresql-server-dev-$pg_version" build-essential >/dev/null
  fi

  local pg_config=$bin/pg_config
  local control
  control="$("$pg_config" --sharedir)/extension/vector.control"
  if ! grep -q "default_version = '$pgvector_version'" "$control" 2>/dev/null || [ ! -f "$("$pg_config" --pkglibdir)/vector.so" ]; then
    if [ ! -f "$tarball" ]; then
      # A clone with nothing beside it (issue 9) still runs every other test; the PostgreSQL tests then report
      # this reason as their skip. CI always has shared/ beside the clone, so there they run (and are required).
      echo "postgres.sh: WARNING: pgvector $pgvector_version is not installed and its source $tarball is missing;" \
           "the PostgreSQL store tests will be skipped (put shared/vendor beside the clone, or set LOCALKERNEL_PGVECTOR_TARBALL)" >&2
      return 0
    fi
    echo "postgres.sh: building pgvector $pgvector_version" >&2
    local build
    build=$(mktemp -d)
    tar xzf "$tarball" -C "$build"
    # OPTFLAGS="" drops -march=native: the extension must run on any x86-64 machine.
    make -s -C "$build/pgvector-$pgvector_version" PG_CONFIG="$pg_config" OPTFLAGS="" -j"$(nproc)" >/dev/null
    make -s -C "$build/pgvector-$pgvector_version" PG_CONFIG="$pg_config" OPTFLAGS="" install >/dev/null
    rm -rf "$build"
  fi

  # The server refuses to run as root: run it as postgres (created by the package), or as a user of our own.
  local run_as=()
  local owner
  owner=$(id -un)
  if [ "$(id -u)" = 0 ]; then
    owner=postgres
    id -u "$owner" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$owner"
    run_as=(runuser -u "$owner" --)
  fi

  local dir port password
  dir=$(mktemp -d /tmp/localkernel-pg.XXXXXX)
  chown "$owner" "$dir"
  chmod 700 "$dir"
  password=$(openssl rand -hex 16)
  printf '%s\n' "$password" > "$dir/pw"
  chown "$owner" "$dir/pw"

  "${run_as[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    --pwfile="$dir/pw" -E UTF8 --locale=C.UTF-8 >/dev/null
  # A free port: the first in the range nothing answers on (bash's /dev/tcp connect fails on a closed port). Another
  # process may take it between the check and the start (two CI runs on one machine did), so a failed start moves on.
  # A test cluster: durability settings off (a SIGKILLed client does not need them; CI time does).
  local started=0
  for port in $(seq 55432 55532); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      continue
    fi
    if "${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
         -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
         start >/dev/null; then
      started=1
      break
    fi
  done
  if [ "$started" != 1 ]; then
    echo "postgres.sh: the PostgreSQL server did not start on any port of 55432-55532; its log:" >&2
    cat "$dir/server.log" >&2
    return 1
  fi
  "${run_as[@]}" "$bin/psql" -h "$dir" -p "$port" -U postgres -d postgres -q -v ON_ERROR_STOP=1 \
    -c "CREATE DATABASE localkernel_test" >/dev/null
  "${run_as[@]}" "$bin/psql" -h "$dir" -p "$port" -U postgres -d localkernel_test -q -v ON_ERROR_STOP=1 \
    -c "CREATE EXTENSION IF NOT EXISTS vector" >/dev/null

  export LOCALKERNEL_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Password=$password;Database=localkernel_test"
  export LOCALKERNEL_TEST_POSTGRES_REQUIRED=1
  local stop="${run_as[*]} $bin/pg_ctl -D $dir/data -m immediate -w stop >/dev/null 2>&1; rm -rf $dir"
  if [ "${LOCALKERNEL_PG_KEEP:-0}" = 1 ]; then
    echo "postgres.sh: cluster left running; stop it with: $stop" >&2
  else
    # shellcheck disable=SC2064  # expand now: the variables are local to this function.
    trap "$stop" EXIT
  fi
  echo "postgres.sh: PostgreSQL $pg_version with pgvector $pgvector_version on 127.0.0.1:$port" >&2
}

localkernel_pg_provision
unset -f localkernel_pg_provision
