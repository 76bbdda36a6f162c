# Context: owns (or shadows) one libzmq context.


cdef class Context:
    """Context(io_threads=1, shadow=0)

    The backend context: a libzmq context and its options. See :class:`zmq.Context` for the full API.
    """

    def __cinit__(self, *args, **kwargs):
        self.handle = NULL
        self._shadow = False
        self._closed = True
        self._pid = getpid()

    def __init__(self, int io_threads=1, shadow=0):
        cdef void *handle
        cdef int err
        if self.handle != NULL or not self._closed:
            # the libzmq context we already own would be lost (and its sockets orphaned)
            raise RuntimeError("Context.__init__ called on a context that is already initialised")
        if shadow:
            self.handle = <void *><size_t>_address_of(shadow)
            self._shadow = True
        else:
            handle = zmq_ctx_new()
            if handle == NULL:
                _raise_zmq(zmq_errno())
            if io_threads != 1:
                if zmq_ctx_set(handle, ZMQ_IO_THREADS, io_threads) != 0:
                    err = zmq_errno()
                    zmq_ctx_term(handle)  # no sockets yet: returns at once, freeing its descriptors
                    _raise_zmq(err)
            self.handle = handle
        self._closed = False

    def __dealloc__(self):
        # Only the process that created the context may terminate it; after fork() the child's copy
        # belongs to the parent. Sockets may still be lingering over undelivered messages (LINGER
        # defaults to forever), so the termination runs on a thread of its own: collecting a
        # context, or exiting the interpreter, never waits for the network.
        if self.handle != NULL and not self._shadow and not self._closed and getpid() == self._pid:
            # When no thread can be started (resources exhausted), the context is left
            # unterminated: leaking it is better than blocking the collecting thread forever.
            pyzmq_term_in_background(self.handle)
        self.handle = NULL

    @property
    def underlying(self):
        """The address of the libzmq context, as an int (for shadowing from other code)."""
        return <size_t>self.handle

    @property
    def closed(self):
        """True once the context has been terminated."""
        return self._closed

    def term(self):
        """Terminate the context: interrupt blocking calls in its sockets, then wait for them to close.

        Blocking calls in the context's sockets raise :class:`zmq.ContextTerminated`; ``term()``
        returns once every socket is closed and has sent its pending messages (as long as each
        socket's ``LINGER`` allows). Safe to call twice; Ctrl-C interrupts the wait.
        """
        cdef void *handle = self.handle
        cdef int rc
        if handle == NULL or self._closed:
            return
        if getpid() != self._pid:
            # A forked child's copy belongs to the parent; just forget it.
            self._closed = True
            self.handle = NULL
            return
        # Claim the handle before blocking: a second term() (another thread) then returns at once
        # instead of terminating the same libzmq context twice.
        self.handle = NULL
        while True:
            with nogil:
                rc = zmq_ctx_term(handle)
            if rc == 0:
                break
            try:
                _check_signals_or_raise(zmq_errno())
            except BaseException:
                self.handle = handle  # interrupted (Ctrl-C): the context is still alive
                raise
        self._closed = True

    def _shutdown(self):
        """Make blocking calls in this context's sockets raise ContextTerminated, without waiting."""
        if self.handle != NULL and not self._closed:
            if zmq_ctx_shutdown(self.handle) != 0:
                _raise_zmq(zmq_errno())

    def set(self, int option, optval):
        """Set a context option (zmq_ctx_set), e.g. ``zmq.IO_THREADS`` or ``zmq.MAX_SOCKETS``.

        Parameters
        ----------
        option : int
            A :class:`zmq.ContextOption`.
        optval : int
            Its new value.

        Raises
        ------
        TypeError
            If optval is not an int.
        ZMQError
            ``EINVAL`` for an unknown option or a value libzmq refuses; ``ENOTSUP`` if the
            context is terminated.
        """
        if self.handle == NULL or self._closed:
            raise ZMQError(ENOTSUP, "Context has been terminated")
        if not isinstance(optval, int):
            raise TypeError(f"context option values are ints, not {type(optval).__name__}")
        if zmq_ctx_set(self.handle, option, optval) != 0:
            _raise_zmq(zmq_errno())

    def get(self, int option):
        """Get a context option (zmq_ctx_get).

        Parameters
        ----------
        option : int
            A :class:`zmq.ContextOption`.

        Raises
        ------
        ZMQError
            ``EINVAL`` for an unknown option; ``ENOTSUP`` if the context is terminated.
        """
        cdef int rc
        if self.handle == NULL or self._closed:
            raise ZMQError(ENOTSUP, "Context has been terminated")
        pyzmq_clear_errno()  # some options are legitimately -1, so errno tells failure apart
        rc = zmq_ctx_get(self.handle, option)
        if rc == -1 and zmq_errno() == EINVAL:
            _raise_zmq(EINVAL)
        return rc


cdef size_t _address_of(object obj) except? 0:
    """The raw address behind a shadow= argument: an int, or an object with ``.underlying``."""
    if not isinstance(obj, int):
        obj = obj.underlying
    if obj <= 0:
        raise ValueError(f"cannot shadow address {obj!r}")
    return <size_t>obj
