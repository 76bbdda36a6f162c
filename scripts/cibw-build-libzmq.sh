#!/usr/bin/env bash
# cibuildwheel's before-all for pyzmq-core (manylinux_2_28 and musllinux_1_2 containers): build the
# libzmq the release wheels bundle from the upstream release tarballs, pinned by SHA-256: libsodium,
# then libzmq with tcp, ipc, inproc and CURVE over that libsodium, nothing else (no GSSAPI, PGM,
# NORM, libbsd, libunwind, DRAFT API). The same configuration as scripts/build-libzmq.sh, which
# `make wheels` uses on Debian from Debian's source package; ARCHITECTURE.md, "Release builds".
#
# Installs into PREFIX (default /usr/local), with the two licences in
# PREFIX/share/licenses/vendored/, which the core build copies into the wheel (ZMQ_PREFIX=PREFIX).
#
# Usage: scripts/cibw-build-libzmq.sh [PREFIX]   (needs curl, a C/C++ compiler, make)
set -euo pipefail
PREFIX=${1:-/usr/local}
LIBSODIUM_VERSION=1.0.20
LIBSODIUM_URL=https://download.libsodium.org/libsodium/releases/libsodium-$LIBSODIUM_VERSION.tar.gz
LIBSODIUM_SHA256=ebb65ef6ca439333c2bb41a0c1990587288da07f6c7fd07cb3a18cc18d30ce19
LIBZMQ_VERSION=4.3.5
LIBZMQ_URL=https://github.com/zeromq/libzmq/releases/download/v$LIBZMQ_VERSION/zeromq-$LIBZMQ_VERSION.tar.gz
LIBZMQ_SHA256=6653ef5910f17954861fe72332e68b03ca6e4d9c7160eb3a8de5a5a913bfab43

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fetch() {  # url sha256 -> unpacked into $work
    curl -fsSL --retry 3 -o "$work/src.tar.gz" "$1"
    echo "$2  $work/src.tar.gz" | sha256sum -c --quiet - || {
        echo "checksum mismatch for $1" >&2
        exit 1
    }
    tar -xzf "$work/src.tar.gz" -C "$work" && rm "$work/src.tar.gz"
}

fetch "$LIBSODIUM_URL" "$LIBSODIUM_SHA256"
(
    cd "$work/libsodium-$LIBSODIUM_VERSION"
    ./configure --prefix="$PREFIX" --disable-static --disable-dependency-tracking >/dev/null
    make -j "$(nproc)" >/dev/null
    make install-strip >/dev/null
)

fetch "$LIBZMQ_URL" "$LIBZMQ_SHA256"
(
    cd "$work/zeromq-$LIBZMQ_VERSION"
    PKG_CONFIG_PATH="$PREFIX/lib/pkgconfig:${PKG_CONFIG_PATH:-}" ./configure --prefix="$PREFIX" \
        --disable-static --disable-dependency-tracking --disable-Werror --without-docs \
        --disable-drafts --disable-perf --disable-curve-keygen --disable-libbsd --disable-libunwind \
        --with-libsodium --enable-curve --without-libgssapi_krb5 --without-pgm --without-norm \
        --without-vmci >/dev/null
    make -j "$(nproc)" >/dev/null
    make install-strip >/dev/null
)

licences=$PREFIX/share/licenses/vendored
mkdir -p "$licences"
cp "$work/zeromq-$LIBZMQ_VERSION/LICENSE" "$licences/libzmq.LICENSE"
cp "$work/libsodium-$LIBSODIUM_VERSION/LICENSE" "$licences/libsodium.LICENSE"
echo "libzmq $LIBZMQ_VERSION and libsodium $LIBSODIUM_VERSION installed into $PREFIX"
