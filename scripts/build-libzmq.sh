#!/usr/bin/env bash
# Build the libzmq that release wheels bundle: Debian's own source package of libzmq (the version the
# system's libzmq3-dev has, with Debian's patches), configured for what a Python user needs: tcp, ipc,
# inproc, CURVE (over the system's libsodium). Not built: GSSAPI/Kerberos, PGM, NORM, libbsd (Debian's
# libzmq5 links all of them; auditwheel would copy them all into the wheel), the DRAFT API, docs,
# tests, perf tools. See ARCHITECTURE.md, "Release builds".
#
#   PREFIX/lib/libzmq.so.5, PREFIX/include/zmq.h, PREFIX/lib/pkgconfig/libzmq.pc  (for ZMQ_PREFIX)
#   PREFIX/share/licenses/vendored/   the licences of libzmq and of every library it loads beyond
#                                     glibc/libstdc++ (the core build puts them into the wheel)
#
# The source comes with apt-get from Debian's archive, through a private apt state under
# build/libzmq/apt (the system's apt configuration is left alone; apt checks the archive's signature
# with the Debian keyring). A finished PREFIX is reused: delete it to rebuild.
#
# Usage: scripts/build-libzmq.sh PREFIX   (cmake and ninja from PATH: .venv/bin has both)
set -euo pipefail
cd "$(dirname "$0")/.."
PREFIX=$(realpath -m "${1:?usage: $0 PREFIX}")
WORK=$PWD/build/libzmq
SRCPKG=zeromq3

if [[ -f $PREFIX/.complete ]]; then
    exit 0
fi
version=$(dpkg-query -W -f '${source:Version}' libzmq3-dev 2>/dev/null) || {
    echo "libzmq3-dev is not installed (scripts/ensure-system-deps.sh installs it)" >&2
    exit 1
}
start=$SECONDS
rm -rf "$PREFIX"
mkdir -p "$WORK/apt/lists/partial" "$WORK/apt/cache/archives/partial"

# --- the source package, with a private apt state -------------------------------------------------
. /etc/os-release
echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $VERSION_CODENAME main" \
    >"$WORK/apt/sources.list"
apt_opts=(
    -o "Dir::Etc::SourceList=$WORK/apt/sources.list" -o "Dir::Etc::SourceParts=$WORK/apt/none"
    -o "Dir::State::Lists=$WORK/apt/lists" -o "Dir::Cache=$WORK/apt/cache" -o "APT::Sandbox::User=root"
)
if [[ ! -d $WORK/src-$version ]]; then
    apt-get "${apt_opts[@]}" -qq update
    mkdir -p "$WORK/fetch"
    (cd "$WORK/fetch" && apt-get "${apt_opts[@]}" -qq source "$SRCPKG=$version" >/dev/null)
    mv "$WORK/fetch/$SRCPKG-${version%%-*}" "$WORK/src-$version" && rm -rf "$WORK/fetch"
fi
src=$WORK/src-$version
build=$WORK/build-$version  # kept: an interrupted build resumes where it stopped

# --- configure, build, install (stripped) ---------------------------------------------------------
# CMAKE_POLICY_VERSION_MINIMUM: libzmq 4.3.4's CMakeLists predates CMake 4's dropped policies.
cmake -S "$src" -B "$build" -G Ninja \
    -DCMAKE_POLICY_VERSION_MINIMUM=3.5 \
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$PREFIX" -DCMAKE_INSTALL_LIBDIR=lib \
    -DBUILD_SHARED=ON -DBUILD_STATIC=OFF -DBUILD_TESTS=OFF -DENABLE_DRAFTS=OFF \
    -DWITH_DOCS=OFF -DWITH_DOC=OFF -DWITH_PERF_TOOL=OFF -DENABLE_CPACK=OFF \
    -DWITH_LIBSODIUM=ON -DENABLE_CURVE=ON -DWITH_LIBBSD=OFF \
    -DWITH_OPENPGM=OFF -DWITH_NORM=OFF -DWITH_VMCI=OFF >"$WORK/configure.log" 2>&1
grep -q "Using libsodium for CURVE" "$WORK/configure.log" || {
    echo "libzmq would be built without libsodium: install libsodium-dev" >&2
    exit 1
}
cmake --build "$build" -j "$(nproc)" >"$WORK/build.log" 2>&1 || {
    tail -30 "$WORK/build.log" >&2
    exit 1
}
cmake --install "$build" --strip >/dev/null

# --- licences: libzmq's from its source package, each dependency's from its Debian package ---------
licences=$PREFIX/share/licenses/vendored
mkdir -p "$licences"
cp "$src/debian/copyright" "$licences/libzmq.copyright"
ldd "$PREFIX/lib/libzmq.so.5" | awk '$2 == "=>" { print $1, $3 }' | while read -r soname path; do
    case $soname in
        libc.so* | libm.so* | libstdc++* | libgcc_s* | libpthread* | libdl* | librt*) continue ;;
    esac
    file=$(realpath "$path")
    # merged /usr: dpkg may have registered the file under /lib while it resolves to /usr/lib
    package=$(dpkg -S "$file" 2>/dev/null || dpkg -S "*/$(basename "$file")")
    package=${package%%:*}
    cp "/usr/share/doc/$package/copyright" "$licences/${soname%%.so*}.copyright"
done
touch "$PREFIX/.complete"
echo "libzmq $version (tcp, ipc, inproc, CURVE over libsodium) built into $PREFIX in $((SECONDS - start))s"
