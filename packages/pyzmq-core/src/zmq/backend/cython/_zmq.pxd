# The compiled backend's classes, declared for other Cython code to cimport:
#     from zmq.backend.cython._zmq cimport Socket, Frame
# Their C-level fields and fast entry points are part of the core's Cython API.

from zmq.backend.cython.libzmq cimport zmq_msg_t


cdef class Frame:
    cdef zmq_msg_t zmq_msg
    cdef object _data          # the Python object whose memory a zero-copy Frame shares
    cdef object _bytes         # cached bytes copy of the content
    cdef bint _readonly        # buffer exported read-only (the shared object is immutable)
    cdef public object tracker_event
    cdef public object tracker
    cdef public bint more
    cdef int _exports          # buffers of our content currently exported (memoryviews alive)

    cdef object _content_bytes(self)


cdef class Context:
    cdef void *handle
    cdef readonly bint _shadow   # wraps a libzmq context it does not own (readable from Python)
    cdef int _pid
    cdef bint _closed


cdef class Socket:
    cdef void *handle
    cdef readonly bint _shadow   # wraps a libzmq socket it does not own (readable from Python)
    cdef int _pid
    cdef public object context
    cdef public int copy_threshold
    cdef bint _last_more       # RCVMORE of the last frame taken by _try_recv
    cdef bint _send_without_gil  # REQ/REP: the peer waits for this send, don't make it wait for the GIL
    cdef int _fork_gen         # pyzmq_fork_generation at creation: differs in a forked child
    cdef int _inflight         # calls using the handle without the GIL right now
    cdef void *_closing        # close() requested during such a call: closed when the last returns
    cdef bint _closing_set_linger
    cdef int _closing_linger
    cdef int _recv_skip_tries  # blocking receives left that go straight to waiting (see _recv_msg)

    # Fast paths for Cython callers; each raises a ZMQError subclass on failure.
    cdef int send_bytes(self, bytes data, int flags) except -1
    cdef bytes recv_bytes(self, int flags)
    cdef Frame recv_frame(self, int flags)
    cdef object _send_one(self, object data, int flags, bint copy, bint track)
    cdef object _send_multipart(self, object msg_parts, int flags, bint copy, bint track)
