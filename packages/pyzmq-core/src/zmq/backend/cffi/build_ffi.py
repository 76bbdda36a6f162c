"""Generate the C source of ``zmq.backend.cffi._cffi`` (cffi's out-of-line API mode).

Run by CMake at build time: ``python build_ffi.py OUTPUT.c``. cffi only writes C here; CMake compiles
and links it against libzmq like any other extension module (no setuptools involved).
"""

from __future__ import annotations

import os
import sys

import cffi

HERE = os.path.dirname(os.path.abspath(__file__))


def make_ffi() -> cffi.FFI:
    ffi = cffi.FFI()
    with open(os.path.join(HERE, "_cdef.h"), encoding="utf-8") as f:
        ffi.cdef(f.read())
    ffi.set_source("zmq.backend.cffi._cffi", '#include "_source.h"')
    return ffi


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: build_ffi.py OUTPUT.c")
    make_ffi().emit_c_code(sys.argv[1])
