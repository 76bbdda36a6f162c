#!/usr/bin/env bash
# Make sure the system libraries and tools the build and tests need are present: libzmq (found by
# pkg-config, with headers), a C compiler, Python's venv, OpenSSH (client and server, for the
# zmq.ssh tests), iproute2 and nftables (private networks and their faults, for tests/faults) and
# valgrind (make check-leaks). On Debian as root they are installed with apt; otherwise the command
# to run is printed. With the argument `pypy`: PyPy too (pypy3, its headers and venv), for
# `make test-pypy`.
set -euo pipefail

missing=()
if ! { command -v pkg-config >/dev/null 2>&1 && pkg-config --exists libzmq; }; then
    missing+=(libzmq3-dev pkg-config)
fi
command -v cc >/dev/null 2>&1 || missing+=(gcc libc6-dev)
"${PYTHON:-python3}" -c 'import venv, ensurepip' >/dev/null 2>&1 || missing+=(python3-venv python3-dev)
# tests/ssh runs a real sshd on loopback and drives the real ssh client (zmq.ssh's tunnels).
command -v ssh >/dev/null 2>&1 || missing+=(openssh-client)
{ command -v sshd >/dev/null 2>&1 || [[ -x /usr/sbin/sshd ]]; } || missing+=(openssh-server)
# tests/faults builds private networks with ip netns and breaks them with nft and tc.
for tool in ip tc; do
    { command -v $tool >/dev/null 2>&1 || [[ -x /usr/sbin/$tool || -x /sbin/$tool ]]; } || {
        missing+=(iproute2)
        break
    }
done
{ command -v nft >/dev/null 2>&1 || [[ -x /usr/sbin/nft ]]; } || missing+=(nftables)
# make check-leaks runs a workload under valgrind's memcheck.
command -v valgrind >/dev/null 2>&1 || missing+=(valgrind)

if [[ ${1:-} == pypy ]]; then
    { command -v pypy3 >/dev/null 2>&1 && pypy3 -c 'import venv, ensurepip, sysconfig, os
assert os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h"))' >/dev/null 2>&1; } ||
        missing+=(pypy3 pypy3-dev pypy3-venv)
fi

((${#missing[@]} == 0)) && exit 0

cmd="apt-get install -y --no-install-recommends ${missing[*]}"
# another build on this machine may hold dpkg's lock: wait for it rather than fail
lock_wait=(-o DPkg::Lock::Timeout=600)
if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    echo "Missing system packages. Install them (as root on Debian/Ubuntu) with:" >&2
    echo "    $cmd" >&2
    exit 1
fi
echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get "${lock_wait[@]}" update -qq
# shellcheck disable=SC2086
$cmd "${lock_wait[@]}" -qq >/dev/null
