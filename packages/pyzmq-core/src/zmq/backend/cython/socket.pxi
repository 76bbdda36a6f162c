# Socket: one libzmq socket, with the hot send/recv paths.

# Value types of socket options, filled from zmq.constants.SocketOption at import (declared once there).
cdef enum:
    _T_INT = 0
    _T_INT64 = 1
    _T_BYTES = 2
    _T_FD = 3
cdef unsigned char _opt_types[256]


cdef _load_option_types():
    names = {"int": _T_INT, "int64": _T_INT64, "bytes": _T_BYTES, "fd": _T_FD}
    for opt in SocketOption:
        if 0 <= opt < 256:
            _opt_types[<int>opt] = names[opt._opt_type.name]


_load_option_types()


cdef inline int _option_type(int option) noexcept:
    if 0 <= option < 256:
        return _opt_types[option]
    return _T_INT


# --- blocking-call helpers: try without blocking under the GIL, then block without it -----------

# From this size on, copying the data costs more than handing the GIL over: the copy is done without
# it, so a receiving thread can run meanwhile (bench: 64 KiB inproc went from 0.33x pyzmq to 1x).
cdef size_t _COPY_WITHOUT_GIL = 16384


# While a thread waits in libzmq without the GIL, another thread may call close(). libzmq sockets
# must not be closed under a call in progress (its reaper would free the socket the waiting thread
# still reads), so such a socket is only marked closed (handle NULL: every later call raises
# ENOTSOCK) and the last thread to come out of libzmq closes it (_unhold).

cdef inline void *_hold(Socket sock) noexcept:
    """Count a call about to use sock without the GIL; returns the handle to use."""
    sock._inflight += 1
    return sock.handle


cdef void _unhold(Socket sock) noexcept:
    """That call is back (GIL held): carry out a close() requested meanwhile."""
    cdef void *handle
    sock._inflight -= 1
    if sock._inflight == 0 and sock._closing != NULL:
        handle = sock._closing
        sock._closing = NULL
        if sock._closing_set_linger:
            zmq_setsockopt(handle, ZMQ_LINGER, &sock._closing_linger, sizeof(int))
        zmq_close(handle)


# RCVTIMEO/SNDTIMEO must hold across EINTR: libzmq starts the timeout afresh on every call, so a
# retry after each signal (an interval timer) would otherwise never time out. After EINTR the socket's
# timeout is set to what is left of it for the retry, and restored when the call is over.

cdef struct _Deadline:
    int option         # ZMQ_RCVTIMEO or ZMQ_SNDTIMEO
    int timeout        # the socket's own timeout (ms, -1: none); -2 until read (on the first EINTR)
    bint shortened     # the socket's option currently holds what is left
    timespec start


cdef inline void _deadline_start(_Deadline *d, int option) noexcept:
    d.option = option
    d.timeout = -2
    d.shortened = False
    clock_gettime(CLOCK_MONOTONIC, &d.start)


cdef int _after_failure(Socket sock, _Deadline *d, int err) except -1:
    """A blocking call failed with err: raise, or (EINTR with time left) prepare the retry."""
    cdef timespec now
    cdef size_t sz = sizeof(int)
    cdef int left
    if sock.handle == NULL:
        raise ZMQError(ENOTSOCK, "the socket was closed while this call was waiting")
    if err != EINTR:
        _raise_zmq(err)
    PyErr_CheckSignals()  # a handler that raises (Ctrl-C) ends the call
    _check_open(sock)  # a handler may have closed the socket
    if d.timeout == -2:
        if zmq_getsockopt(sock.handle, d.option, &d.timeout, &sz) != 0:
            d.timeout = -1
    if d.timeout < 0:
        return 0
    clock_gettime(CLOCK_MONOTONIC, &now)
    left = d.timeout - <int>(
        (now.tv_sec - d.start.tv_sec) * 1000 + (now.tv_nsec - d.start.tv_nsec) // 1000000
    )
    if left <= 0:
        _raise_zmq(EAGAIN)
    zmq_setsockopt(sock.handle, d.option, &left, sizeof(int))
    d.shortened = True
    return 0


cdef inline void _deadline_end(Socket sock, _Deadline *d) noexcept:
    if d.shortened and sock.handle != NULL:
        zmq_setsockopt(sock.handle, d.option, &d.timeout, sizeof(int))


cdef int _send_copy(Socket sock, const void *buf, size_t nbytes, int flags) except -1:
    """Send a copy of buf. Tried first under the GIL (cheapest for small messages), except for large
    messages and for REQ/REP, whose peer is woken by this very send and would only wait for our GIL."""
    cdef int rc
    cdef void *handle
    cdef _Deadline d
    if not sock._send_without_gil and nbytes < _COPY_WITHOUT_GIL:
        rc = zmq_send(sock.handle, buf, nbytes, flags | ZMQ_DONTWAIT)
        if rc != -1:
            return 0
        if zmq_errno() != EAGAIN or flags & ZMQ_DONTWAIT:
            _raise_zmq(zmq_errno())
    _deadline_start(&d, ZMQ_SNDTIMEO)
    try:
        while True:
            handle = _hold(sock)
            with nogil:
                rc = zmq_send(handle, buf, nbytes, flags)
            _unhold(sock)
            if rc != -1:
                return 0
            _after_failure(sock, &d, zmq_errno())
    finally:
        _deadline_end(sock, &d)


cdef int _send_msg(Socket sock, zmq_msg_t *msg, int flags) except -1:
    """Send msg; on failure it is closed here, so the caller never owns it afterwards."""
    cdef int rc = zmq_msg_send(msg, sock.handle, flags | ZMQ_DONTWAIT)
    cdef int err
    if rc != -1:
        return 0
    err = zmq_errno()
    if err != EAGAIN or flags & ZMQ_DONTWAIT:
        zmq_msg_close(msg)
        _raise_zmq(err)
    try:
        _send_msg_blocking(sock, msg, flags)
    except BaseException:
        zmq_msg_close(msg)
        raise
    return 0


cdef int _send_msg_blocking(Socket sock, zmq_msg_t *msg, int flags) except -1:
    cdef int rc
    cdef void *handle
    cdef _Deadline d
    _deadline_start(&d, ZMQ_SNDTIMEO)
    try:
        while True:
            handle = _hold(sock)
            with nogil:
                rc = zmq_msg_send(msg, handle, flags)
            _unhold(sock)
            if rc != -1:
                return 0
            _after_failure(sock, &d, zmq_errno())
    finally:
        _deadline_end(sock, &d)


# A receive first tries under the GIL without blocking, which is cheapest when a message is queued.
# When none is, that try costs libzmq two polls of its mailbox (the try's, and the blocking call's
# first, as the try reset its command counter): after a try that found nothing, the next
# _RECV_SKIP_TRIES blocking receives go straight to waiting without the GIL, and a queued message
# costs those only a GIL release. (strace of a REP echo, where every receive waits: 5.4 polls and
# 9.4 getpid per round trip before, 4.5 and 8.5 after, as many as zmq_bench's C echo makes.)
cdef int _RECV_SKIP_TRIES = 8


cdef inline bint _recv_tries_first(Socket sock, int flags) noexcept:
    """Whether this receive tries without blocking before it waits (see _RECV_SKIP_TRIES); a
    receive whose try then finds nothing sets sock._recv_skip_tries to _RECV_SKIP_TRIES."""
    if sock._recv_skip_tries > 0 and not flags & ZMQ_DONTWAIT:
        sock._recv_skip_tries -= 1
        return False
    return True


cdef int _recv_msg(Socket sock, zmq_msg_t *msg, int flags) except -1:
    """Receive into an initialised msg; the caller closes it whatever happens. Returns its size as
    zmq_msg_recv reports it (INT_MAX for INT_MAX bytes or more)."""
    cdef int rc
    cdef void *handle
    cdef _Deadline d
    _check_open(sock)
    if _recv_tries_first(sock, flags):
        rc = zmq_msg_recv(msg, sock.handle, flags | ZMQ_DONTWAIT)
        if rc != -1:
            return rc
        if zmq_errno() != EAGAIN or flags & ZMQ_DONTWAIT:
            _raise_zmq(zmq_errno())
        sock._recv_skip_tries = _RECV_SKIP_TRIES
    _deadline_start(&d, ZMQ_RCVTIMEO)
    try:
        while True:
            handle = _hold(sock)
            with nogil:
                rc = zmq_msg_recv(msg, handle, flags)
            _unhold(sock)
            if rc != -1:
                return rc
            _after_failure(sock, &d, zmq_errno())
    finally:
        _deadline_end(sock, &d)


cdef inline bytes _recv_copy(Socket sock, int flags, bint *more):
    cdef zmq_msg_t msg
    cdef bytes data
    cdef size_t size
    cdef char *dest
    cdef int rc
    zmq_msg_init(&msg)
    try:
        rc = _recv_msg(sock, &msg, flags)
        if more != NULL:
            more[0] = zmq_msg_more(&msg)
        # zmq_msg_recv's result is the size (saves a zmq_msg_size call), unless clamped to INT_MAX
        size = <size_t>rc if rc < INT_MAX else zmq_msg_size(&msg)
        if size < _COPY_WITHOUT_GIL:
            return PyBytes_FromStringAndSize(<char *>zmq_msg_data(&msg), <Py_ssize_t>size)
        data = PyBytes_FromStringAndSize(NULL, <Py_ssize_t>size)
        dest = PyBytes_AS_STRING(data)
        with nogil:
            memcpy(dest, zmq_msg_data(&msg), size)
        return data
    finally:
        zmq_msg_close(&msg)


cdef object _FINISHED_TRACKER = None


cdef object _finished_tracker():
    """zmq._FINISHED_TRACKER, the tracker already done: for 'zero-copy' sends small enough to copy."""
    global _FINISHED_TRACKER
    if _FINISHED_TRACKER is None:
        from zmq.sugar.tracker import _FINISHED_TRACKER
    return _FINISHED_TRACKER


cdef inline int _check_open(Socket sock) except -1:
    if sock.handle == NULL or sock._fork_gen != pyzmq_fork_generation:
        return _not_open(sock)
    return 0


cdef int _not_open(Socket sock) except -1:
    if sock.handle == NULL:
        raise ZMQError(ENOTSOCK)
    # Inherited through fork(): libzmq's threads and mailboxes stayed with the parent, so any call
    # would fail obscurely (EINTR from libzmq's fork check) or disturb the parent's socket.
    raise ZMQError(
        ENOTSUP,
        f"this socket belongs to the process that created it (pid {sock._pid}), not to this forked "
        "child: create a new Context and sockets after fork()",
    )


cdef bytes _encode_addr(object addr):
    if isinstance(addr, str):
        return (<str>addr).encode("utf-8")
    if isinstance(addr, bytes):
        return <bytes>addr
    raise TypeError(f"an endpoint is a str like 'tcp://127.0.0.1:5555', not {type(addr).__name__}")


cdef class Socket:
    """The backend socket: one libzmq socket. See :class:`zmq.Socket` for the full API.
    """

    def __cinit__(self, *args, **kwargs):
        self.handle = NULL
        self._shadow = False
        self._pid = getpid()
        self._fork_gen = pyzmq_fork_generation
        self.copy_threshold = 0

    def __init__(self, context=None, socket_type=-1, *, shadow=0, copy_threshold=None):
        cdef int sock_type = -1
        cdef size_t sz
        if self.handle != NULL or self._closing != NULL:
            # the libzmq socket we already own would be lost
            raise RuntimeError("Socket.__init__ called on a socket that is already initialised")
        if isinstance(context, Socket):
            # Socket(other_socket): a second Python object on the same libzmq socket.
            shadow = context
            context = (<Socket>context).context
        if copy_threshold is None:
            copy_threshold = _default_copy_threshold()
        self.copy_threshold = copy_threshold
        self.context = context
        if shadow:
            self.handle = <void *>_address_of(shadow)
            self._shadow = True
            sz = sizeof(int)
            if zmq_getsockopt(self.handle, ZMQ_TYPE, &sock_type, &sz) == 0:
                self._send_without_gil = sock_type == ZMQ_REQ or sock_type == ZMQ_REP
            return
        if context is None:
            raise TypeError("a Socket needs a Context (or shadow=an existing socket)")
        if not isinstance(context, Context):
            raise TypeError(f"expected a zmq.Context, got {type(context).__name__}")
        if (<Context>context).handle == NULL or (<Context>context)._closed:
            raise ZMQError(ENOTSUP, "Context has been terminated") from None
        self.handle = zmq_socket((<Context>context).handle, socket_type)
        if self.handle == NULL:
            _raise_zmq(zmq_errno())
        self._send_without_gil = socket_type == ZMQ_REQ or socket_type == ZMQ_REP

    def __dealloc__(self):
        if self._closing != NULL:  # (not reached: a waiting call keeps the Socket alive)
            self.handle = self._closing
            self._closing = NULL
        if self.handle != NULL and not self._shadow and getpid() == self._pid:
            zmq_close(self.handle)
        self.handle = NULL

    @property
    def underlying(self):
        """The address of the libzmq socket, as an int (for shadowing)."""
        return <size_t>self.handle

    @property
    def closed(self):
        """True once the socket is closed (by close(), or by its context's destroy())."""
        cdef int sock_type
        cdef size_t sz = sizeof(int)
        if self.handle == NULL:
            return True
        if zmq_getsockopt(self.handle, ZMQ_TYPE, &sock_type, &sz) != 0 and zmq_errno() == ENOTSOCK:
            # closed by someone else (a shadow, or Context.destroy()): forget the handle
            self.handle = NULL
            return True
        return False

    def close(self, linger=None):
        """Close the socket; with linger (ms), set LINGER first. Safe to call twice.

        While another thread waits in this socket (recv, send, poll, proxy), the socket is closed
        for every new call at once, and in libzmq when that wait ends (the waiting call then
        raises ENOTSOCK, unless it completed).

        Parameters
        ----------
        linger : int, optional
            How long (ms) undelivered messages may keep the context busy after closing: 0 drops
            them, -1 waits forever. None keeps the socket's ``LINGER`` option.
        """
        cdef int linger_ms = 0
        if self.handle == NULL:
            return
        if linger is not None:
            linger_ms = linger
        if getpid() != self._pid:
            self.handle = NULL
            return
        if self._inflight > 0:
            self._closing = self.handle
            self._closing_set_linger = linger is not None
            self._closing_linger = linger_ms
            self.handle = NULL
            return
        if linger is not None:
            zmq_setsockopt(self.handle, ZMQ_LINGER, &linger_ms, sizeof(int))
        zmq_close(self.handle)
        self.handle = NULL

    # --- options

    def set(self, int option, optval):
        """Set a socket option (zmq_setsockopt); the value's type follows the option: int or bytes.

        Parameters
        ----------
        option : int
            A :class:`zmq.SocketOption` (``zmq.LINGER``, ``zmq.SUBSCRIBE`` ...).
        optval : int or bytes
            An int for numeric options, bytes (or any buffer) for string and binary ones.

        Raises
        ------
        TypeError
            If optval's type does not match the option (a str for a bytes option included: encode
            it, or use ``set_string``).
        ZMQError
            ``EINVAL`` for an unknown option or a value libzmq refuses; ``ENOTSOCK`` if the
            socket is closed.
        """
        cdef int ival
        cdef int64_t i64
        cdef Py_buffer view
        cdef int rc
        cdef int otype = _option_type(option)
        _check_open(self)
        if otype == _T_BYTES:
            if isinstance(optval, str):
                raise TypeError(
                    f"option {_option_name(option)} takes bytes, not str: encode it or use set_string()"
                )
            PyObject_GetBuffer(optval, &view, PyBUF_SIMPLE)
            try:
                rc = zmq_setsockopt(self.handle, option, view.buf, <size_t>view.len)
            finally:
                PyBuffer_Release(&view)
        elif otype == _T_INT64:
            i64 = _as_int(option, optval)
            rc = zmq_setsockopt(self.handle, option, &i64, sizeof(int64_t))
        else:
            ival = _as_int(option, optval)
            rc = zmq_setsockopt(self.handle, option, &ival, sizeof(int))
        if rc != 0:
            _raise_zmq(zmq_errno())

    def get(self, int option):
        """Get a socket option (zmq_getsockopt): an int, or bytes for string/binary options.

        Parameters
        ----------
        option : int
            A :class:`zmq.SocketOption`. CURVE keys come back in their 40-character Z85 form.

        Raises
        ------
        ZMQError
            ``EINVAL`` for an unknown or write-only option; ``ENOTSOCK`` if the socket is closed.
        """
        cdef int ival
        cdef int64_t i64
        cdef char buf[1024]
        cdef size_t sz
        cdef int otype = _option_type(option)
        _check_open(self)
        if otype == _T_BYTES:
            if option == ZMQ_CURVE_PUBLICKEY or option == ZMQ_CURVE_SECRETKEY or option == ZMQ_CURVE_SERVERKEY:
                sz = 41  # asks libzmq for the Z85 text form of the key
            else:
                sz = sizeof(buf)
            if zmq_getsockopt(self.handle, option, buf, &sz) != 0:
                _raise_zmq(zmq_errno())
            if sz > 0 and buf[sz - 1] == 0 and option != ZMQ_ROUTING_ID and option != ZMQ_CONNECT_ROUTING_ID:
                sz -= 1  # a C string: drop its terminating NUL
            return PyBytes_FromStringAndSize(buf, <Py_ssize_t>sz)
        if otype == _T_INT64:
            sz = sizeof(int64_t)
            if zmq_getsockopt(self.handle, option, &i64, &sz) != 0:
                _raise_zmq(zmq_errno())
            return i64
        sz = sizeof(int)
        if zmq_getsockopt(self.handle, option, &ival, &sz) != 0:
            _raise_zmq(zmq_errno())
        return ival

    # --- endpoints

    def bind(self, addr):
        """Bind to an endpoint, e.g. ``tcp://127.0.0.1:0``; errors name the endpoint.

        Parameters
        ----------
        addr : str or bytes
            ``transport://address``: ``tcp://127.0.0.1:5555``, ``ipc:///tmp/name``,
            ``inproc://name``. Port 0 (or ``*``) lets the system pick a free port; read it from
            ``last_endpoint``.

        Raises
        ------
        TypeError
            If addr is neither str nor bytes.
        ZMQError
            ``EADDRINUSE``, ``EINVAL`` (malformed endpoint), ``EPROTONOSUPPORT`` (unknown
            transport) ..., with the endpoint in the message.
        """
        cdef bytes c_addr = _encode_addr(addr)
        cdef const char *p = c_addr
        cdef int rc
        cdef void *handle
        _check_open(self)
        handle = _hold(self)
        with nogil:
            rc = zmq_bind(handle, p)
        _unhold(self)
        if rc != 0:
            _raise_with_endpoint(zmq_errno(), addr)

    def connect(self, addr):
        """Connect to an endpoint; errors name the endpoint.

        The connection is made in the background: connecting succeeds before (and whether or not)
        a peer is listening, and libzmq reconnects after failures.

        Parameters
        ----------
        addr : str or bytes
            ``transport://address``, e.g. ``tcp://127.0.0.1:5555``.

        Raises
        ------
        TypeError
            If addr is neither str nor bytes.
        ZMQError
            ``EINVAL`` (malformed endpoint), ``EPROTONOSUPPORT`` (unknown transport) ..., with
            the endpoint in the message.
        """
        cdef bytes c_addr = _encode_addr(addr)
        cdef const char *p = c_addr
        cdef int rc
        cdef int err = 0
        cdef void *handle
        cdef size_t ctx_key
        _check_open(self)
        ctx_key = _connect_begin(self.context)  # (see _connects_running)
        handle = _hold(self)
        with nogil:
            rc = zmq_connect(handle, p)
            if rc != 0:
                err = zmq_errno()  # before _unhold/_connect_end, which may call into libzmq
        _unhold(self)
        _connect_end(ctx_key)
        if rc != 0:
            _raise_with_endpoint(err, addr)

    def unbind(self, addr):
        """Stop listening on an endpoint bound earlier.

        Parameters
        ----------
        addr : str or bytes
            The endpoint as bound, or as ``last_endpoint`` reports it after binding port 0.

        Raises
        ------
        ZMQError
            ``ENOENT`` if the socket is not bound to addr.
        """
        cdef bytes c_addr = _encode_addr(addr)
        _check_open(self)
        if zmq_unbind(self.handle, c_addr) != 0:
            _raise_with_endpoint(zmq_errno(), addr)

    def disconnect(self, addr):
        """Undo an earlier connect().

        Parameters
        ----------
        addr : str or bytes
            The endpoint as connected.

        Raises
        ------
        ZMQError
            ``ENOENT`` if the socket is not connected to addr.
        """
        cdef bytes c_addr = _encode_addr(addr)
        _check_open(self)
        if zmq_disconnect(self.handle, c_addr) != 0:
            _raise_with_endpoint(zmq_errno(), addr)

    def monitor(self, addr, int events=0xFFFF):
        """Publish this socket's events on an inproc PAIR endpoint; ``addr=None`` stops monitoring.

        ``get_monitor_socket`` does this and connects the PAIR socket for you.

        Parameters
        ----------
        addr : str or None
            An ``inproc://`` endpoint that a PAIR socket then connects to.
        events : int
            The :class:`zmq.Event` flags to report (default: all).

        Raises
        ------
        ZMQError
            ``EPROTONOSUPPORT`` if addr is not ``inproc://``.
        """
        cdef bytes c_addr
        cdef int rc
        _check_open(self)
        if addr is None:
            rc = zmq_socket_monitor(self.handle, NULL, events)
        else:
            c_addr = _encode_addr(addr)
            rc = zmq_socket_monitor(self.handle, c_addr, events)
        if rc != 0:
            _raise_with_endpoint(zmq_errno(), addr)

    def join(self, group):
        """Join a RADIO/DISH group (DRAFT API).

        Parameters
        ----------
        group : str or bytes
            The group's name (at most 255 bytes, ``ZMQ_GROUP_MAX_LENGTH``).

        Raises
        ------
        RuntimeError
            If this build has no DRAFT API.
        ZMQError
            If libzmq refuses: a socket type without groups, or a name too long.
        """
        if not PYZMQ_DRAFT_API:
            _draft_unavailable("Socket.join")
        _check_open(self)
        if isinstance(group, str):
            group = group.encode("utf-8")
        if zmq_join(self.handle, group) != 0:
            _raise_zmq(zmq_errno())

    def leave(self, group):
        """Leave a RADIO/DISH group (DRAFT API).

        Raises
        ------
        RuntimeError
            If this build has no DRAFT API.
        ZMQError
            ``EINVAL`` if the socket is not in the group.
        """
        if not PYZMQ_DRAFT_API:
            _draft_unavailable("Socket.leave")
        _check_open(self)
        if isinstance(group, str):
            group = group.encode("utf-8")
        if zmq_leave(self.handle, group) != 0:
            _raise_zmq(zmq_errno())

    # --- sending

    cdef int send_bytes(self, bytes data, int flags) except -1:
        if data is None:  # a typed cdef argument still admits None
            raise TypeError("send_bytes needs bytes, not None")
        _check_open(self)
        return _send_copy(self, PyBytes_AS_STRING(data), <size_t>PyBytes_GET_SIZE(data), flags)

    cdef object _send_one(self, object data, int flags, bint copy, bint track):
        """Send one part; returns its MessageTracker (track with a zero-copy send) or None."""
        cdef Py_buffer view
        if type(data) is bytes:
            if copy or (not track and PyBytes_GET_SIZE(data) < self.copy_threshold):
                _send_copy(self, PyBytes_AS_STRING(data), <size_t>PyBytes_GET_SIZE(data), flags)
                return None
        elif isinstance(data, Frame):
            if track and (<Frame>data).tracker is None:
                raise ValueError("track=True needs a tracked Frame: Frame(data, track=True)")
            return _send_frame(self, <Frame>data, flags)
        else:
            _reject_str(data)
        PyObject_GetBuffer(data, &view, PyBUF_ANY_CONTIGUOUS)
        try:
            return _send_view(self, data, &view, flags, copy, track)
        finally:
            PyBuffer_Release(&view)

    def send(self, data, int flags=0, bint copy=True, bint track=False, routing_id=None, group=None):
        """Send one message frame: bytes, any buffer, or a Frame.

        With ``copy=False`` a buffer of at least ``copy_threshold`` bytes is shared with libzmq
        instead of copied; with ``track=True`` as well, a MessageTracker tells when libzmq is done
        with it. Returns that tracker, or None.

        Blocks while the socket cannot queue the message (high water mark reached, or no peer for
        socket types that need one), up to ``SNDTIMEO`` ms, unless ``flags`` has ``zmq.NOBLOCK``.
        The GIL is released while blocking, and Ctrl-C interrupts the wait.

        Parameters
        ----------
        data : bytes, Buffer or Frame
            The content. str is refused: encode it, or use ``send_string``.
        flags : int
            ``zmq.NOBLOCK`` (alias ``DONTWAIT``) and/or ``zmq.SNDMORE`` (more frames of this
            message follow).
        copy : bool
            False shares a large buffer with libzmq instead of copying it (the buffer must not
            change until libzmq is done).
        track : bool
            With ``copy=False``: return a :class:`zmq.MessageTracker` for the shared buffer.
        routing_id : int, optional
            SERVER sockets (DRAFT API): the CLIENT to send to.
        group : str, optional
            RADIO sockets (DRAFT API): the group to publish in.

        Raises
        ------
        TypeError
            If data is a str, or has no buffer interface.
        ValueError
            If ``track=True`` is asked of a Frame made without tracking.
        zmq.Again
            If the message cannot be queued now (with ``NOBLOCK``) or within ``SNDTIMEO``.
        ZMQError
            Any other failure: ``EFSM`` (REQ/REP out of turn), ``EHOSTUNREACH`` (ROUTER with
            ``ROUTER_MANDATORY``, unknown peer), ``ENOTSOCK`` (closed socket) ...
        ContextTerminated
            If the context is terminated while waiting.
        """
        _check_open(self)
        if routing_id is not None or group is not None:
            data = routed_frame(self, data, routing_id, group, copy, track)
        elif copy and type(data) is bytes:  # the common case, straight to libzmq
            _send_copy(self, PyBytes_AS_STRING(data), <size_t>PyBytes_GET_SIZE(data), flags)
            return None
        return self._send_one(data, flags, copy, track)

    def send_multipart(self, msg_parts, int flags=0, bint copy=True, bint track=False, **kwargs):
        """Send a sequence of frames as one multipart message (SNDMORE on all but the last).

        Every part is checked before anything is sent, so a bad part never leaves half a message
        queued. Returns the last part's MessageTracker when tracking a zero-copy send, else None.

        Parameters
        ----------
        msg_parts : list of bytes, Buffer or Frame
            The frames, first to last (any sequence); at least one.
        flags, copy, track
            As for :meth:`send`, applied to every part.

        Raises
        ------
        TypeError
            If a part is a str or has no buffer interface (the message names its index).
        ValueError
            If msg_parts is empty.
        BufferError
            If a buffer part is not contiguous.
        zmq.Again, ZMQError, ContextTerminated
            As for :meth:`send`.
        """
        return self._send_multipart(msg_parts, flags, copy, track)

    cdef object _send_multipart(self, object msg_parts, int flags, bint copy, bint track):
        # Every part is checked (type, tracker, buffer and contiguity) before the first is queued: a
        # failure halfway would leave half a message on the socket. Bytes and Frames need only
        # their type check (the common case costs nothing more); buffers are acquired before
        # anything is sent and held until the end, so a part cannot change shape (or be released)
        # while an earlier one waits to be sent.
        cdef Py_ssize_t i, n, nviews = 0
        cdef object part
        _check_open(self)
        if not isinstance(msg_parts, (list, tuple)):
            msg_parts = list(msg_parts)
        n = len(msg_parts)
        if n == 0:
            raise ValueError("cannot send an empty multipart message")
        for i in range(n):
            part = msg_parts[i]
            if type(part) is bytes:
                continue
            if isinstance(part, Frame):
                if track and (<Frame>part).tracker is None:
                    raise ValueError(
                        f"Frame {i}: track=True needs tracked Frames: Frame(data, track=True)"
                    )
                continue
            if isinstance(part, str) or not PyObject_CheckBuffer(part):
                raise TypeError(
                    f"Frame {i} ({part!r:.32}) does not support the buffer interface: "
                    "send bytes, a buffer or a Frame (encode str parts, or use send_string)"
                )
            nviews += 1
        if nviews == 0:
            for i in range(n - 1):
                self._send_one(msg_parts[i], flags | ZMQ_SNDMORE, copy, track)
            return self._send_one(msg_parts[n - 1], flags, copy, track)
        # (no Python code ran since the checks: the snapshot holds what was checked)
        return _send_buffer_parts(self, tuple(msg_parts), nviews, flags, copy, track)

    # --- receiving

    cdef bytes recv_bytes(self, int flags):
        _check_open(self)
        return _recv_copy(self, flags, NULL)

    cdef Frame recv_frame(self, int flags):
        cdef Frame frame = Frame.__new__(Frame)
        _check_open(self)
        _recv_msg(self, &frame.zmq_msg, flags)
        frame.more = zmq_msg_more(&frame.zmq_msg)
        return frame

    def recv(self, int flags=0, bint copy=True, bint track=False):
        """Receive one message frame: bytes, or a Frame with ``copy=False``.

        Blocks until a frame arrives, up to ``RCVTIMEO`` ms, unless ``flags`` has
        ``zmq.NOBLOCK``. The GIL is released while blocking, and Ctrl-C interrupts the wait.

        Parameters
        ----------
        flags : int
            ``zmq.NOBLOCK`` (alias ``DONTWAIT``) to fail at once when nothing is queued.
        copy : bool
            False returns a :class:`zmq.Frame` owning libzmq's message (no copy; gives access to
            ``more`` and to message properties).
        track : bool
            With ``copy=False``: give the Frame a tracker (already done: a received message is
            never shared with libzmq).

        Raises
        ------
        zmq.Again
            If nothing is queued (with ``NOBLOCK``) or nothing came within ``RCVTIMEO``.
        ZMQError
            Any other failure: ``EFSM`` (REQ/REP out of turn), ``ENOTSOCK`` (closed socket) ...
        ContextTerminated
            If the context is terminated while waiting.
        """
        cdef Frame frame
        _check_open(self)
        if copy:
            return _recv_copy(self, flags, NULL)
        frame = self.recv_frame(flags)
        if track:
            frame.tracker_event = _new_event()
            frame.tracker_event.set()
            frame.tracker = _new_tracker(frame.tracker_event)
        return frame

    def recv_multipart(self, int flags=0, bint copy=True, bint track=False):
        """Receive all frames of one multipart message, as a list of bytes (or Frames).

        Parameters
        ----------
        flags, copy, track
            As for :meth:`recv`. The frames of a message arrive together, so only the first
            can wait.

        Raises
        ------
        zmq.Again, ZMQError, ContextTerminated
            As for :meth:`recv`.
        """
        cdef bint more = True
        cdef list parts = []
        cdef Frame frame
        _check_open(self)
        if copy:
            while more:
                parts.append(_recv_copy(self, flags, &more))
        else:
            while more:
                frame = self.recv_frame(flags)
                more = frame.more
                parts.append(frame)
        return parts

    def recv_into(self, buffer, /, *, Py_ssize_t nbytes=0, int flags=0):
        """Receive one frame into a writable buffer, without allocating.

        Receives at most ``nbytes`` bytes (default: the buffer's size). Returns the size of the
        message, which is larger than what was stored when the message was truncated.

        Parameters
        ----------
        buffer : Buffer
            A ``bytearray``, ``memoryview``, NumPy array ...: one contiguous, writable block.
        nbytes : int
            How many bytes to store at most (0: the whole buffer).
        flags : int
            ``zmq.NOBLOCK`` to fail at once when nothing is queued.

        Raises
        ------
        TypeError, BufferError
            If buffer is not a writable contiguous buffer.
        ValueError
            If nbytes is negative or larger than the buffer.
        zmq.Again, ZMQError, ContextTerminated
            As for :meth:`recv`.
        """
        cdef Py_buffer view
        cdef int rc
        _check_open(self)
        if nbytes < 0:
            raise ValueError(f"nbytes must be non-negative, not {nbytes}")
        PyObject_GetBuffer(buffer, &view, PyBUF_WRITABLE | PyBUF_ANY_CONTIGUOUS)
        try:
            if nbytes == 0:
                nbytes = view.len
            elif nbytes > view.len:
                raise ValueError(f"nbytes={nbytes} is larger than the buffer ({view.len} bytes)")
            rc = -1
            if _recv_tries_first(self, flags):
                rc = zmq_recv(self.handle, view.buf, <size_t>nbytes, flags | ZMQ_DONTWAIT)
                if rc == -1:
                    if zmq_errno() != EAGAIN or flags & ZMQ_DONTWAIT:
                        _raise_zmq(zmq_errno())
                    self._recv_skip_tries = _RECV_SKIP_TRIES
            if rc == -1:
                rc = _recv_into_blocking(self, view.buf, <size_t>nbytes, flags)
        finally:
            PyBuffer_Release(&view)
        return rc


    def _try_recv(self, bint copy=True, bint multipart=False):
        """Receive one frame (or, with multipart, all frames) without blocking; NOT_READY if none."""
        cdef list parts
        first = _try_recv_first(self, copy)
        if not multipart or first is NOT_READY:
            return first
        parts = [first]
        # the rest of a multipart message is already here: it arrives atomically
        while self._last_more:
            if copy:
                parts.append(_recv_copy(self, 0, &self._last_more))
            else:
                frame = self.recv_frame(0)
                self._last_more = frame.more
                parts.append(frame)
        return parts

    def _try_send(self, data, int flags=0, bint copy=True, bint track=False, bint multipart=False):
        """send() or send_multipart() without blocking: its result, or NOT_READY if it would block."""
        _check_open(self)
        try:
            if multipart:
                return self._send_multipart(data, flags | ZMQ_DONTWAIT, copy, track)
            return self._send_one(data, flags | ZMQ_DONTWAIT, copy, track)
        except ZMQError as e:
            if e.errno == EAGAIN:
                return NOT_READY
            raise


cdef object _send_buffer_parts(
    Socket sock, tuple parts, Py_ssize_t nviews, int flags, bint copy, bint track
):
    """send_multipart's second half when some parts are buffers: acquire them all, then send."""
    cdef Py_ssize_t i, j = 0, n = len(parts), held = 0
    cdef int part_flags
    cdef object part, result = None
    cdef Py_buffer small[8]
    cdef Py_buffer *views = small
    if nviews > 8:
        views = <Py_buffer *>malloc(nviews * sizeof(Py_buffer))
        if views == NULL:
            raise MemoryError()
    try:
        for i in range(n):
            part = parts[i]
            if type(part) is not bytes and not isinstance(part, Frame):
                try:
                    PyObject_GetBuffer(part, &views[held], PyBUF_ANY_CONTIGUOUS)
                except (BufferError, ValueError, TypeError) as e:
                    raise BufferError(f"Frame {i} ({part!r:.32}) is not one contiguous buffer: {e}") from e
                held += 1
        for i in range(n):
            part = parts[i]
            part_flags = flags | ZMQ_SNDMORE if i < n - 1 else flags
            if type(part) is bytes or isinstance(part, Frame):
                result = sock._send_one(part, part_flags, copy, track)
            else:
                result = _send_view(sock, part, &views[j], part_flags, copy, track)
                j += 1
        return result
    finally:
        for i in range(held):
            PyBuffer_Release(&views[i])
        if views != small:
            free(views)


cdef object _send_frame(Socket sock, Frame frame, int flags):
    """Send a reference to frame's content (libzmq counts references); returns its tracker."""
    cdef zmq_msg_t msg
    zmq_msg_init(&msg)
    if zmq_msg_copy(&msg, &frame.zmq_msg) != 0:
        zmq_msg_close(&msg)
        _raise_zmq(zmq_errno())
    _send_msg(sock, &msg, flags)
    return frame.tracker


cdef object _send_view(Socket sock, object data, Py_buffer *view, int flags, bint copy, bint track):
    """Send a buffer already acquired from data (contiguous): copied, or shared (zero-copy)."""
    cdef zmq_msg_t msg
    if copy:
        _send_copy(sock, view.buf, <size_t>view.len, flags)
        return None
    if view.len < sock.copy_threshold:
        # small buffers are cheaper to copy than to hand over and collect
        _send_copy(sock, view.buf, <size_t>view.len, flags)
        return _finished_tracker() if track else None
    event = _new_event() if track else None
    _init_zerocopy_msg(&msg, data, event, NULL)
    _send_msg(sock, &msg, flags)
    return _new_tracker(event) if track else None


cdef int _recv_into_blocking(Socket sock, void *buf, size_t nbytes, int flags) except -1:
    cdef int rc
    cdef void *handle
    cdef _Deadline d
    _deadline_start(&d, ZMQ_RCVTIMEO)
    try:
        while True:
            handle = _hold(sock)
            with nogil:
                rc = zmq_recv(handle, buf, nbytes, flags)
            _unhold(sock)
            if rc != -1:
                return rc
            _after_failure(sock, &d, zmq_errno())
    finally:
        _deadline_end(sock, &d)


cdef object _as_int(int option, object optval):
    if not isinstance(optval, int):
        raise TypeError(
            f"option {_option_name(option)} takes an int, not {type(optval).__name__}: {optval!r:.40}"
        )
    return optval


cdef str _option_name(int option):
    try:
        return SocketOption(option).name
    except ValueError:
        return str(option)


def routed_frame(Socket socket not None, data, routing_id=None, group=None, bint copy=True,
                 bint track=False):
    """data as a Frame carrying routing_id (SERVER) and group (RADIO), made as socket.send makes it.

    A Frame passed in is labelled in place; other data is wrapped honouring the socket's
    copy_threshold. Event-loop integrations call it once when a send is queued, and retry with
    the result.
    """
    if not isinstance(data, Frame):
        # copy=False shares only what the socket would share (copy=None: by copy_threshold)
        data = Frame(data, track=track, copy=True if copy else None,
                     copy_threshold=socket.copy_threshold)
    if routing_id is not None:
        (<Frame>data).routing_id = routing_id
    if group is not None:
        (<Frame>data).group = group
    return data


# --- non-blocking entry points for event-loop integrations (zmq.integration) ---------------------
# They report "would block" by returning NOT_READY instead of raising Again: on an event loop that
# is the common case (every await that has to wait), and raising costs more than the call itself.

NOT_READY = object()


cdef object _try_recv_first(Socket sock, bint copy):
    """The first frame without blocking (bytes, or a Frame with copy=False), or NOT_READY."""
    cdef Frame frame = None
    cdef zmq_msg_t msg
    cdef int rc, err
    _check_open(sock)
    if copy:
        zmq_msg_init(&msg)
        rc = zmq_msg_recv(&msg, sock.handle, ZMQ_DONTWAIT)
        if rc == -1:
            err = zmq_errno()
            zmq_msg_close(&msg)
            if err == EAGAIN:
                return NOT_READY
            _raise_zmq(err)
        data = PyBytes_FromStringAndSize(<char *>zmq_msg_data(&msg), <Py_ssize_t>zmq_msg_size(&msg))
        sock._last_more = zmq_msg_more(&msg)
        zmq_msg_close(&msg)
        return data
    frame = Frame.__new__(Frame)
    rc = zmq_msg_recv(&frame.zmq_msg, sock.handle, ZMQ_DONTWAIT)
    if rc == -1:
        err = zmq_errno()
        if err == EAGAIN:
            return NOT_READY
        _raise_zmq(err)
    frame.more = zmq_msg_more(&frame.zmq_msg)
    sock._last_more = frame.more
    return frame
