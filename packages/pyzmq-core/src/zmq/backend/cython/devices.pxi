# monitored_queue: a queue device that also copies every message to a monitor socket.


cdef int _forward(Socket src, Socket dst, Socket mon, zmq_msg_t *prefix, bint swap_ids) except -1:
    """Move one whole multipart message src -> dst, and [prefix, *frames] to mon."""
    cdef zmq_msg_t msg, copy
    cdef zmq_msg_t first
    cdef bint more = True
    cdef int flags
    cdef bint have_first = False
    # the monitor copy starts with the prefix
    zmq_msg_init(&copy)
    zmq_msg_copy(&copy, prefix)
    _send_msg(mon, &copy, ZMQ_SNDMORE)
    if swap_ids:
        # ROUTER to ROUTER: the receiving side's identity frame must come first on the way out
        zmq_msg_init(&first)
        have_first = True
        try:
            _recv_msg(src, &first, 0)
            zmq_msg_init(&msg)
            try:
                _recv_msg(src, &msg, 0)
                for part in range(2):
                    zmq_msg_init(&copy)
                    zmq_msg_copy(&copy, &msg if part == 0 else &first)
                    _send_msg(mon, &copy, ZMQ_SNDMORE)
            except BaseException:
                zmq_msg_close(&msg)
                raise
            _send_msg(dst, &msg, ZMQ_SNDMORE)
            _send_msg(dst, &first, ZMQ_SNDMORE)
            have_first = False
        finally:
            if have_first:
                zmq_msg_close(&first)
    while more:
        zmq_msg_init(&msg)
        try:
            _recv_msg(src, &msg, 0)
            more = zmq_msg_more(&msg)
            flags = ZMQ_SNDMORE if more else 0
            zmq_msg_init(&copy)
            zmq_msg_copy(&copy, &msg)
            _send_msg(mon, &copy, flags)
        except BaseException:
            zmq_msg_close(&msg)
            raise
        _send_msg(dst, &msg, flags)
    return 0


def monitored_queue(Socket in_socket not None, Socket out_socket not None, Socket mon_socket not None,
                    in_prefix=b"in", out_prefix=b"out"):
    """Forward between in_socket and out_socket, copying every message to mon_socket.

    Messages that arrived on in_socket appear on mon_socket as ``[in_prefix, *frames]``, those
    from out_socket as ``[out_prefix, *frames]``. With ROUTER on both sides the first two frames
    (sender and destination identities) are swapped on the way through. Blocks until the context
    is terminated, then raises :class:`zmq.ContextTerminated`.

    Parameters
    ----------
    in_socket, out_socket, mon_socket : zmq.Socket
        The two queue ends and the socket receiving the copies (a PUB is the usual choice).
    in_prefix, out_prefix : bytes or str
        Topic frames marking the direction on mon_socket (str is encoded as UTF-8).
    """
    cdef zmq_pollitem_t items[2]
    cdef zmq_msg_t in_msg, out_msg
    cdef int rc
    cdef bint swap_ids
    if isinstance(in_prefix, str):
        in_prefix = in_prefix.encode("utf-8")
    if isinstance(out_prefix, str):
        out_prefix = out_prefix.encode("utf-8")
    in_prefix, out_prefix = bytes(in_prefix), bytes(out_prefix)
    _check_open(in_socket)
    _check_open(out_socket)
    _check_open(mon_socket)
    swap_ids = in_socket.get(ZMQ_TYPE) == ZMQ_ROUTER and out_socket.get(ZMQ_TYPE) == ZMQ_ROUTER
    items[0].events = ZMQ_POLLIN
    items[1].events = ZMQ_POLLIN
    zmq_msg_init_size(&in_msg, len(in_prefix))
    memcpy(zmq_msg_data(&in_msg), <char *>in_prefix, len(in_prefix))
    zmq_msg_init_size(&out_msg, len(out_prefix))
    memcpy(zmq_msg_data(&out_msg), <char *>out_prefix, len(out_prefix))
    try:
        while True:
            # either socket may have been closed by another thread during the last round
            _check_open(in_socket)
            _check_open(out_socket)
            items[0].socket = in_socket.handle
            items[1].socket = out_socket.handle
            _hold(in_socket)
            _hold(out_socket)
            with nogil:
                rc = zmq_poll(items, 2, -1)
            _unhold(in_socket)
            _unhold(out_socket)
            if rc < 0:
                _check_signals_or_raise(zmq_errno())
                continue
            if items[0].revents & ZMQ_POLLIN:
                _forward(in_socket, out_socket, mon_socket, &in_msg, swap_ids)
            if items[1].revents & ZMQ_POLLIN:
                _forward(out_socket, in_socket, mon_socket, &out_msg, swap_ids)
    finally:
        zmq_msg_close(&in_msg)
        zmq_msg_close(&out_msg)
