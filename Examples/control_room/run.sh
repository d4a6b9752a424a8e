#!/usr/bin/env bash
# Starts the example IOC on 127.0.0.1 (no broadcasts), runs analysis.py through pyexec
# with config.yml and limits.json, then stops the IOC. Extra arguments go to pyexec (--json).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export EPICS_PORT="${EPICS_PORT:-5070}"
EPICS_CA_SERVER_PORT="$EPICS_PORT" EPICS_CAS_SERVER_PORT="$EPICS_PORT" EPICS_CAS_INTF_ADDR_LIST=127.0.0.1 \
EPICS_CAS_AUTO_BEACON_ADDR_LIST=NO EPICS_CAS_BEACON_ADDR_LIST=127.0.0.1 \
    .venv/bin/python Examples/control_room/ioc.py --interfaces 127.0.0.1 >/dev/null 2>&1 &
IOC=$!
trap 'kill -9 "$IOC" 2>/dev/null; wait "$IOC" 2>/dev/null || true' EXIT
# Wait (up to 30 s) until the IOC accepts connections.
.venv/bin/python - "$EPICS_PORT" <<'PY'
import socket, sys, time
deadline = time.monotonic() + 30
while True:
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1).close()
        break
    except OSError:
        if time.monotonic() > deadline:
            sys.exit("the IOC did not start")
        time.sleep(0.05)
PY
swift run pyexec run Examples/control_room/analysis.py --config Examples/control_room/config.yml --yes "$@"
