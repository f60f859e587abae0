#!/usr/bin/env bash
# Creates (idempotently) and starts a dedicated PostgreSQL cluster for Drawbridge's tests, and
# prints its JDBC URL on standard output:
#
#   export DRAWBRIDGE_TEST_PG_URL=$(scripts/test-postgres.sh)
#
# The cluster listens on 127.0.0.1:${DRAWBRIDGE_TEST_PG_PORT:-54329} with password
# authentication only, so tests exercise the upstream authentication methods a real database
# uses. Roles (test-only passwords; the cluster holds no data of value):
#   drawbridge     superuser, SCRAM-SHA-256   (the fixture's own user)
#   app_scram      SCRAM-SHA-256
#   app_md5        MD5
#   app_cleartext  cleartext password
# It also offers TLS (ssl = on) with a server certificate for localhost and 127.0.0.1 signed by a
# throwaway CA, whose certificate is world-readable at the path in the ssl_ca_file setting
# (/etc/postgresql/<version>/drawbridge-test/test-ca.crt), so tests can verify the server.
# Needs the Debian/Ubuntu postgresql-common tools (pg_createcluster), openssl, and root (or the
# postgres user) to create the cluster. Progress goes to standard error.
set -euo pipefail

port="${DRAWBRIDGE_TEST_PG_PORT:-54329}"
name="drawbridge-test"
database="drawbridge_test"
password="drawbridge-test"

log() { echo "test-postgres: $*" >&2; }
as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi
}

command -v pg_createcluster >/dev/null || {
  log "pg_createcluster not found; install postgresql-common and a postgresql server package"
  exit 1
}
version="$(ls /usr/lib/postgresql | sort -n | tail -1)"
[ -n "$version" ] || { log "no PostgreSQL server under /usr/lib/postgresql"; exit 1; }

if ! pg_lsclusters --no-header | awk '{print $1" "$2}' | grep -qx "$version $name"; then
  log "creating cluster $version/$name on port $port"
  pg_createcluster "$version" "$name" --port "$port" >&2 -- \
    --auth-local=peer --auth-host=scram-sha-256 >/dev/null
fi

conf="/etc/postgresql/$version/$name"
cat >"$conf/pg_hba.conf" <<HBA
# Written by scripts/test-postgres.sh
local   all   postgres                     peer
local   all   all                          scram-sha-256
host    all   app_md5        127.0.0.1/32  md5
host    all   app_md5        ::1/128       md5
host    all   app_cleartext  127.0.0.1/32  password
host    all   app_cleartext  ::1/128       password
host    all   all            127.0.0.1/32  scram-sha-256
host    all   all            ::1/128       scram-sha-256
HBA
chown postgres:postgres "$conf/pg_hba.conf"

# TLS: a throwaway CA and a server certificate signed by it, each made once and again only when
# missing, expiring within a day, or (the server's) no longer signed by the CA.
ca="$conf/test-ca.crt"
ca_key="$conf/test-ca.key"
server_cert="$conf/server.crt"
server_key="$conf/server.key"
valid() { [ -s "$1" ] && openssl x509 -noout -checkend 86400 -in "$1" >/dev/null; }
if ! valid "$ca" || [ ! -s "$ca_key" ]; then
  log "creating the test CA $ca"
  (umask 077 && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -noenc \
    -days 3650 -subj "/CN=Drawbridge test CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$ca_key" -out "$ca" >&2)
fi
if ! valid "$server_cert" || [ ! -s "$server_key" ] \
  || ! openssl verify -CAfile "$ca" "$server_cert" >/dev/null 2>&1; then
  log "creating the server certificate $server_cert for localhost and 127.0.0.1"
  (umask 077 && openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -noenc \
    -subj "/CN=localhost" -keyout "$server_key" |
    openssl x509 -req -CA "$ca" -CAkey "$ca_key" -set_serial "0x$(openssl rand -hex 16)" \
      -days 825 -out "$server_cert" -extfile <(printf '%s\n' \
        "basicConstraints=critical,CA:FALSE" \
        "keyUsage=critical,digitalSignature,keyEncipherment" \
        "extendedKeyUsage=serverAuth" \
        "subjectAltName=DNS:localhost,IP:127.0.0.1") >&2)
fi
chown postgres:postgres "$ca" "$ca_key" "$server_cert" "$server_key"
chmod 0600 "$ca_key" "$server_key"
chmod 0644 "$ca" "$server_cert"
cat >"$conf/conf.d/drawbridge-tls.conf" <<TLS
# Written by scripts/test-postgres.sh
ssl = on
ssl_cert_file = '$server_cert'
ssl_key_file = '$server_key'
ssl_ca_file = '$ca'
TLS
chown postgres:postgres "$conf/conf.d/drawbridge-tls.conf"

if pg_lsclusters --no-header | awk '{print $1" "$2" "$4}' | grep -qx "$version $name online"; then
  as_postgres pg_ctlcluster --skip-systemctl-redirect "$version" "$name" reload >&2
else
  log "starting cluster $version/$name"
  as_postgres pg_ctlcluster --skip-systemctl-redirect "$version" "$name" start >&2
fi

psql_admin() {
  as_postgres psql --no-psqlrc -q -v ON_ERROR_STOP=1 -p "$port" -h /var/run/postgresql -d postgres "$@"
}
for _ in $(seq 1 50); do
  psql_admin -c 'select 1' >/dev/null 2>&1 && break
  sleep 0.2
done

psql_admin >&2 <<SQL
SET password_encryption = 'scram-sha-256';
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'drawbridge') THEN
    CREATE ROLE drawbridge LOGIN SUPERUSER;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'app_scram') THEN
    CREATE ROLE app_scram LOGIN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'app_md5') THEN
    CREATE ROLE app_md5 LOGIN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'app_cleartext') THEN
    CREATE ROLE app_cleartext LOGIN;
  END IF;
END
\$\$;
ALTER ROLE drawbridge PASSWORD '$password';
ALTER ROLE app_scram PASSWORD 'app-scram-pw';
ALTER ROLE app_cleartext PASSWORD 'app-cleartext-pw';
SET password_encryption = 'md5';
ALTER ROLE app_md5 PASSWORD 'app-md5-pw';
SQL
if ! psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$database'" | grep -q 1; then
  psql_admin -c "CREATE DATABASE $database OWNER drawbridge" >&2
fi

echo "jdbc:postgresql://127.0.0.1:$port/$database?user=drawbridge&password=$password"
