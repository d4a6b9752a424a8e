#!/usr/bin/env bash
# Set up everything PyEmbed needs on a Debian/Ubuntu machine, then build it.
#
#   Scripts/bootstrap.sh [--no-build]
#
# Steps (each one is safe to re-run; a second run skips what is already done):
#   a. system packages: libpython3-dev, python3-venv, pkg-config (apt-get, only if missing)
#   b. pick the Python interpreter that matches the libpython the package links
#      (pkg-config python3-embed), never whatever `python3` is first on PATH
#   c. create .venv at the repo root with that interpreter (recreated if it does not match)
#   d. pip install -r Scripts/requirements.txt into .venv (skipped if unchanged)
#   e. verify that numpy, pandas, matplotlib, nbformat, epics (with libca) and caproto import in .venv
#   f. swift build (--build-tests when PYEMBED_BUILD_TESTS=1); --no-build skips it
set -euo pipefail
set -o errtrace

usage() {
    sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
}

BUILD=1
for arg in "$@"; do
    case "$arg" in
        --no-build) BUILD=0 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "bootstrap.sh: unknown argument: $arg" >&2; usage >&2; exit 2 ;;
    esac
done

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

VENV="$REPO_ROOT/.venv"
REQUIREMENTS="$REPO_ROOT/Scripts/requirements.txt"
STAMP="$VENV/.pyembed-requirements.sha256"

# A PYTHONHOME/PYTHONPATH meant for another Python (e.g. pyenv) would break
# the system interpreter used below.
unset PYTHONHOME PYTHONPATH || true

STEP="start"
step() {
    STEP="$1"
    echo "==> $1"
}
die() {
    echo "bootstrap.sh: step '$STEP' failed: $*" >&2
    exit 1
}
on_error() {
    local rc=$?
    echo "bootstrap.sh: step '$STEP' failed (command exited with status $rc): ${BASH_COMMAND}" >&2
    exit "$rc"
}
trap on_error ERR

# ---------------------------------------------------------------------------
step "system packages (libpython3-dev, python3-venv, pkg-config)"

need_apt=0
if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists python3-embed; then
    need_apt=1
fi
if [ ! -x /usr/bin/python3 ] || ! /usr/bin/python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
    need_apt=1
fi

if [ "$need_apt" = 1 ]; then
    if ! command -v apt-get >/dev/null 2>&1; then
        die "libpython3-dev, python3-venv and pkg-config are needed, and apt-get is not available to install them"
    fi
    SUDO=()
    if [ "$(id -u)" != 0 ]; then
        if command -v sudo >/dev/null 2>&1; then
            SUDO=(sudo)
        else
            die "not root and sudo is not available: install libpython3-dev python3-venv pkg-config by hand"
        fi
    fi
    echo "    installing with apt-get"
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q \
        || die "apt-get update failed"
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        libpython3-dev python3-venv pkg-config \
        || die "apt-get install libpython3-dev python3-venv pkg-config failed"
    pkg-config --exists python3-embed \
        || die "pkg-config still does not find python3-embed after installing libpython3-dev"
    /usr/bin/python3 -c 'import ensurepip, venv' \
        || die "/usr/bin/python3 still lacks ensurepip/venv after installing python3-venv"
else
    echo "    already present, skipping apt"
fi

# ---------------------------------------------------------------------------
step "python interpreter matching the linked libpython"

PY_VERSION="$(pkg-config --modversion python3-embed)" \
    || die "pkg-config --modversion python3-embed failed"
PY_LIBDIR="$(pkg-config --variable=libdir python3-embed)"
PY_PREFIX="$(pkg-config --variable=prefix python3-embed)"
case "$PY_VERSION" in
    [0-9]*.[0-9]*) ;;
    *) die "unexpected python3-embed version '$PY_VERSION'" ;;
esac
PY_MAJOR_MINOR="$(echo "$PY_VERSION" | cut -d. -f1,2)"

# Prints "MAJOR.MINOR LDVERSION LIBDIR sys.prefix" for an interpreter.
describe_python() {
    "$1" -c 'import sys, sysconfig
print("%d.%d" % sys.version_info[:2], sysconfig.get_config_var("LDVERSION"),
      sysconfig.get_config_var("LIBDIR"), sys.prefix)' 2>/dev/null
}

PYTHON=""
for candidate in "$PY_PREFIX/bin/python$PY_MAJOR_MINOR" "/usr/bin/python$PY_MAJOR_MINOR" /usr/bin/python3; do
    [ -x "$candidate" ] || continue
    read -r c_ver _ <<<"$(describe_python "$candidate" || true)" || true
    if [ "${c_ver:-}" = "$PY_MAJOR_MINOR" ]; then
        PYTHON="$candidate"
        break
    fi
done
[ -n "$PYTHON" ] || die "no interpreter for Python $PY_MAJOR_MINOR found at $PY_PREFIX/bin/python$PY_MAJOR_MINOR, /usr/bin/python$PY_MAJOR_MINOR or /usr/bin/python3 (pkg-config python3-embed reports $PY_VERSION)"

read -r _ PY_LDVERSION PY_SYS_LIBDIR PY_SYS_PREFIX <<<"$(describe_python "$PYTHON")"
if [ "$PY_LDVERSION" != "$PY_MAJOR_MINOR" ] && [ "${PY_LDVERSION%[a-z]}" != "$PY_MAJOR_MINOR" ]; then
    die "$PYTHON has LDVERSION $PY_LDVERSION but the package links libpython $PY_VERSION"
fi
if [ "$(readlink -f "$PY_SYS_LIBDIR")" != "$(readlink -f "$PY_LIBDIR")" ]; then
    die "$PYTHON uses libpython from $PY_SYS_LIBDIR, but pkg-config python3-embed links the one in $PY_LIBDIR"
fi
PY_FULL_VERSION="$("$PYTHON" -c 'import platform; print(platform.python_version())')"
echo "    $PYTHON (Python $PY_FULL_VERSION, libpython$PY_LDVERSION in $PY_LIBDIR)"

# ---------------------------------------------------------------------------
step "virtual environment .venv"

# Why the existing .venv cannot be kept, or nothing if it can.
# Only ever run inside $(...): a failing probe here is an answer, not an error.
venv_mismatch() {
    trap - ERR
    local cfg="$VENV/pyvenv.cfg"
    [ -f "$cfg" ] || { echo "no .venv/pyvenv.cfg"; return; }
    [ -x "$VENV/bin/python" ] || { echo "no .venv/bin/python"; return; }
    local home version
    home="$(sed -n 's/^home *= *//p' "$cfg" | head -n1)"
    version="$(sed -n 's/^version\(_info\)\{0,1\} *= *//p' "$cfg" | head -n1)"
    if [ "$(readlink -f "$home")" != "$(readlink -f "$(dirname "$PYTHON")")" ]; then
        echo "home is '$home', expected $(dirname "$PYTHON")"; return
    fi
    if [ "$(echo "$version" | cut -d. -f1,2)" != "$PY_MAJOR_MINOR" ]; then
        echo "version is '$version', expected $PY_MAJOR_MINOR.x"; return
    fi
    local probe
    probe="$("$VENV/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2], sys.base_prefix)' 2>/dev/null)" \
        || { echo ".venv/bin/python does not run"; return; }
    if [ "$probe" != "$PY_MAJOR_MINOR $PY_SYS_PREFIX" ]; then
        echo ".venv/bin/python reports '$probe', expected '$PY_MAJOR_MINOR $PY_SYS_PREFIX'"; return
    fi
}

reason="$(venv_mismatch)" || reason="could not inspect .venv"
if [ -n "$reason" ]; then
    if [ -e "$VENV" ]; then
        echo "    recreating .venv: $reason"
        rm -rf "$VENV"
    else
        echo "    creating .venv"
    fi
    "$PYTHON" -m venv "$VENV" || die "$PYTHON -m venv $VENV failed"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip \
        || die "upgrading pip in .venv failed"
else
    echo "    .venv is up to date ($PYTHON)"
fi

# ---------------------------------------------------------------------------
step "python packages (Scripts/requirements.txt)"

[ -f "$REQUIREMENTS" ] || die "$REQUIREMENTS is missing"
# The stamp covers the requirements and the interpreter they were installed for.
want_hash="$( { cat "$REQUIREMENTS"; echo "python=$PY_FULL_VERSION prefix=$PY_SYS_PREFIX"; } | sha256sum | cut -d' ' -f1)"

install_requirements() {
    rm -f "$STAMP"
    "$VENV/bin/python" -m pip install --disable-pip-version-check --progress-bar off -q \
        -r "$REQUIREMENTS" || die "pip install -r Scripts/requirements.txt failed"
    echo "$want_hash" > "$STAMP"
}

installed_now=0
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want_hash" ]; then
    echo "    unchanged since the last install, skipping pip"
else
    echo "    installing into .venv"
    install_requirements
    installed_now=1
fi

# ---------------------------------------------------------------------------
step "verify python packages import"

VERIFY='import numpy, pandas, matplotlib, nbformat, epics, epics.ca, caproto
epics.ca.find_libca()
print("    numpy %s, pandas %s, matplotlib %s, nbformat %s, pyepics %s, caproto %s" % (numpy.__version__, pandas.__version__, matplotlib.__version__, nbformat.__version__, epics.__version__, caproto.__version__))'
if ! "$VENV/bin/python" -c "$VERIFY"; then
    [ "$installed_now" = 0 ] || die "'import numpy, pandas, matplotlib, nbformat, epics, caproto' fails in .venv"
    echo "    import failed although the stamp matched; reinstalling"
    install_requirements
    "$VENV/bin/python" -c "$VERIFY" || die "'import numpy, pandas, matplotlib, nbformat, epics, caproto' fails in .venv"
fi

# ---------------------------------------------------------------------------
step "swift build"

if [ "$BUILD" = 0 ]; then
    echo "    skipped (--no-build)"
elif [ ! -f "$REPO_ROOT/Package.swift" ]; then
    echo "    skipped: Package.swift does not exist yet"
else
    if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
        export PATH="/opt/swift/usr/bin:$PATH"
    fi
    command -v swift >/dev/null 2>&1 || die "swift is not on PATH (nor at /opt/swift/usr/bin/swift)"
    if [ "${PYEMBED_BUILD_TESTS:-0}" = 1 ]; then
        swift build --build-tests || die "swift build --build-tests failed"
    else
        swift build || die "swift build failed"
    fi
fi

trap - ERR
echo "==> done"
