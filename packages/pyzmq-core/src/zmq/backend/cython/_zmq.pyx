# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
# cython: embedsignature=True, freethreading_compatible=False
"""The compiled backend: a thin, fast skin over libzmq's C API.

Every blocking libzmq call is first tried without blocking while the GIL is held (most calls in a busy
program succeed at once, and dropping the GIL costs more than the call); only when that would block is
the GIL released. A blocking call interrupted by a signal runs the Python signal handlers (so Ctrl-C
raises KeyboardInterrupt) and is retried otherwise.
"""

from cpython.buffer cimport (
    PyBuffer_FillInfo,
    PyBUF_ANY_CONTIGUOUS,
    PyBUF_SIMPLE,
    PyBUF_WRITABLE,
    PyBuffer_Release,
    PyObject_CheckBuffer,
    PyObject_GetBuffer,
)
from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_FromStringAndSize, PyBytes_GET_SIZE
from cpython.exc cimport PyErr_CheckSignals
from cpython.ref cimport Py_DECREF, Py_INCREF, PyObject
from libc.errno cimport EAGAIN, EINTR, EINVAL, ENAMETOOLONG, errno
from libc.limits cimport INT_MAX
from libc.stdint cimport int64_t
from libc.stdlib cimport free, malloc
from libc.string cimport memcpy, strlen
from posix.time cimport CLOCK_MONOTONIC, clock_gettime, timespec
from posix.unistd cimport getpid

from zmq.backend.cython.libzmq cimport *

import os
import sys
import time
from _thread import allocate_lock

from zmq.constants import SocketOption, _OptType
from zmq.error import ZMQError, _error_for

cdef extern from "Python.h":
    ctypedef int Py_buffer_flags

cdef extern from "zerocopy.h" nogil:
    ctypedef struct pyzmq_zc_hint:
        Py_buffer view
        PyObject *event
        pyzmq_zc_hint *next
    void pyzmq_zc_free(void *data, void *hint)
    int pyzmq_zc_reopen()
    int pyzmq_zc_wait(int fd)
    pyzmq_zc_hint *pyzmq_zc_take_all()

cdef extern from "<signal.h>" nogil:
    ctypedef struct sigset_t:
        pass
    int sigfillset(sigset_t *set)
    int pthread_sigmask(int how, const sigset_t *set, sigset_t *oldset)
    int SIG_BLOCK

cdef extern from "zmq_compat.h":
    int pyzmq_fork_generation
    int pyzmq_install_atfork()

if pyzmq_install_atfork() != 0:
    raise OSError("pthread_atfork failed")

# ZMQ_DONTWAIT, ZMQ_TYPE, ... come from libzmq.pxd (zmq.h's macros).

DRAFT_API = bool(PYZMQ_DRAFT_API)
IPC_PATH_MAX_LEN = PYZMQ_IPC_PATH_MAX_LEN


include "errors.pxi"
include "zerocopy.pxi"
include "frame.pxi"
include "context.pxi"
include "socket.pxi"
include "poll.pxi"
include "proxy.pxi"
include "utils.pxi"
include "devices.pxi"
