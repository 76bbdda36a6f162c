# Frame: one zmq_msg_t, for non-copying sends and receives and for message properties.

cdef object _MessageTracker = None


cdef object _new_tracker(object event):
    global _MessageTracker
    if _MessageTracker is None:
        from zmq.sugar.tracker import MessageTracker as _MessageTracker
    return _MessageTracker(event)


cdef object _default_copy_threshold():
    import zmq
    return zmq.COPY_THRESHOLD


cdef int _reject_str(object data) except -1:
    if isinstance(data, str):
        raise TypeError(
            "str objects cannot be sent as message data: encode them first "
            "(data.encode('utf-8')) or use send_string()"
        )
    return 0


cdef class Frame:
    """Frame(data=None, track=False, copy=None, copy_threshold=None)

    A message frame, wrapping one libzmq ``zmq_msg_t``.

    Built from bytes or any object with the buffer interface. Large buffers (at least
    ``copy_threshold`` bytes, or any size with ``copy=False``) are shared with libzmq rather than
    copied; the object is kept alive until libzmq is done with it, which ``tracker`` reports when
    ``track=True``. Frames returned by ``recv(copy=False)`` also give access to message properties:
    ``frame["User-Id"]``, ``frame.get("Socket-Type")``.

    A Frame exposes its content through the buffer interface (``memoryview(frame)``), ``bytes``
    and ``len()``; frames compare equal when their contents are equal.

    Parameters
    ----------
    data : bytes or Buffer, optional
        The content; None makes an empty frame. str is refused: encode it first.
    track : bool
        Make a :class:`zmq.MessageTracker` (``frame.tracker``) that reports when libzmq has
        released the content.
    copy : bool, optional
        True copies the content, False shares it; None decides by size (``copy_threshold``).
    copy_threshold : int, optional
        The size from which ``copy=None`` shares rather than copies; default
        :data:`zmq.COPY_THRESHOLD`.

    Raises
    ------
    TypeError
        If data is a str or has no buffer interface.
    BufferError
        If data is not contiguous, or the Frame is re-initialised while its own buffer is
        exported.
    """

    def __cinit__(self, *args, **kwargs):
        zmq_msg_init(&self.zmq_msg)
        self.more = False

    def __init__(self, object data=None, bint track=False, copy=None, copy_threshold=None):
        # Everything is built aside (in msg) and checked before the current content is touched, so a
        # failed (re-)initialisation leaves the Frame as it was; a subclass catching the error keeps
        # a valid Frame.
        cdef zmq_msg_t msg
        cdef Py_buffer view
        cdef bint readonly = False
        if self._exports:
            raise BufferError(
                "cannot re-initialise a Frame while its buffer is exported (release the memoryview first)"
            )
        event = threading.Event() if track else None
        if data is not None:
            _reject_str(data)
            if copy is None:
                if copy_threshold is None:
                    copy_threshold = _default_copy_threshold()
                with memoryview(data) as size_view:
                    copy = size_view.nbytes < copy_threshold
            if copy:
                PyObject_GetBuffer(data, &view, PyBUF_ANY_CONTIGUOUS)
                try:
                    if zmq_msg_init_size(&msg, <size_t>view.len) != 0:
                        _raise_zmq(zmq_errno())
                    memcpy(zmq_msg_data(&msg), view.buf, <size_t>view.len)
                finally:
                    PyBuffer_Release(&view)
            else:
                _init_zerocopy_msg(&msg, data, event, &readonly)
            if self._exports:
                # data exported our own buffer while we read it (Frame(f) on itself, zero-copy): the
                # new message would point into the content we are about to release
                zmq_msg_close(&msg)
                raise BufferError("cannot re-initialise a Frame from its own buffer")
        else:
            zmq_msg_init(&msg)
        zmq_msg_move(&self.zmq_msg, &msg)  # releases the previous content
        zmq_msg_close(&msg)
        self._data = data if not copy else None
        self._bytes = data if copy and type(data) is bytes else None
        self._readonly = readonly
        self.more = False
        self.tracker_event = event
        self.tracker = _new_tracker(event) if track else None
        if event is not None and (data is None or copy):
            event.set()  # libzmq never held our memory

    def __dealloc__(self):
        zmq_msg_close(&self.zmq_msg)

    # --- content

    cdef object _content_bytes(self):
        cdef object data
        if self._bytes is not None:
            return self._bytes
        data = PyBytes_FromStringAndSize(
            <char *>zmq_msg_data(&self.zmq_msg), <Py_ssize_t>zmq_msg_size(&self.zmq_msg)
        )
        if self._exports == 0 or self._readonly:
            # cached only while nobody can write through our buffer (__getbuffer__ drops it)
            self._bytes = data
        return data

    @property
    def bytes(self):
        """The content as bytes (copied once, until the content is written through its buffer)."""
        return self._content_bytes()

    @property
    def buffer(self):
        """A memoryview of the content, without copying."""
        return memoryview(self)

    def __bytes__(self):
        return self._content_bytes()

    def __len__(self):
        return <Py_ssize_t>zmq_msg_size(&self.zmq_msg)

    def __getbuffer__(self, Py_buffer *buffer, int flags):
        PyBuffer_FillInfo(
            buffer, self, zmq_msg_data(&self.zmq_msg), <Py_ssize_t>zmq_msg_size(&self.zmq_msg),
            self._readonly, flags,
        )
        self._exports += 1
        if not self._readonly:
            self._bytes = None  # the content may change through this buffer

    def __releasebuffer__(self, Py_buffer *buffer):
        self._exports -= 1

    def __eq__(self, other):
        if isinstance(other, Frame):
            return self._content_bytes() == (<Frame>other)._content_bytes()
        if isinstance(other, bytes):
            return self._content_bytes() == other
        return NotImplemented

    def __hash__(self):
        return hash(self._content_bytes())

    def __copy__(self):
        return self.fast_copy()

    def fast_copy(self):
        """A new Frame sharing this one's content (libzmq reference-counts it)."""
        cdef Frame other = Frame.__new__(Frame)
        zmq_msg_copy(&other.zmq_msg, &self.zmq_msg)
        other._data = self._data
        other._bytes = self._bytes
        other._readonly = self._readonly
        other.tracker_event = self.tracker_event
        other.tracker = self.tracker
        return other

    def __repr__(self):
        cdef Py_ssize_t nbytes = <Py_ssize_t>zmq_msg_size(&self.zmq_msg)
        if nbytes <= 16:
            return f"<zmq.{type(self).__name__}({self._content_bytes()!r})>"
        head = PyBytes_FromStringAndSize(<char *>zmq_msg_data(&self.zmq_msg), 12)
        return f"<zmq.{type(self).__name__}({head!r}...{_format_size(nbytes)})>"

    __str__ = __repr__

    # --- options and properties

    def get(self, option):
        """Get a message option (an int, e.g. ``zmq.MORE``) or property (a str, e.g. ``"User-Id"``).

        Parameters
        ----------
        option : int or str
            A :class:`zmq.MessageOption`, or the name of a metadata property set by the peer or
            the security mechanism (``"Socket-Type"``, ``"Routing-Id"``, ``"User-Id"``,
            ``"Peer-Address"``).

        Raises
        ------
        ZMQError
            ``EINVAL`` for an unknown option or a property the message does not carry.
        """
        cdef int rc
        cdef const char *value
        if isinstance(option, str):
            if option == "routing_id":
                return self.routing_id
            if option == "group":
                return self.group
            key = option.encode("utf-8")
            value = zmq_msg_gets(&self.zmq_msg, key)
            if value == NULL:
                _raise_zmq(zmq_errno())
            return value.decode("utf-8")
        if isinstance(option, bytes):
            return self.get(option.decode("utf-8"))
        rc = zmq_msg_get(&self.zmq_msg, option)
        if rc == -1:
            _raise_zmq(zmq_errno())
        return rc

    def set(self, option, value):
        """Set a message option (``routing_id``, ``group`` with the DRAFT API, or an int option).

        Raises
        ------
        ZMQError
            If libzmq refuses the option or value.
        """
        if option == "routing_id":
            self.routing_id = value
            return
        if option == "group":
            self.group = value
            return
        if zmq_msg_set(&self.zmq_msg, option, value) != 0:
            _raise_zmq(zmq_errno())

    def __getitem__(self, key):
        return self.get(key)

    @property
    def routing_id(self):
        """The CLIENT/SERVER routing id of the message (DRAFT API), or None when unset."""
        cdef unsigned int rid = zmq_msg_routing_id(&self.zmq_msg)
        if rid == 0:
            if not PYZMQ_DRAFT_API:
                _draft_unavailable("Frame.routing_id")
            return None
        return rid

    @routing_id.setter
    def routing_id(self, value):
        if not PYZMQ_DRAFT_API:
            _draft_unavailable("Frame.routing_id")
        if zmq_msg_set_routing_id(&self.zmq_msg, value) != 0:
            _raise_zmq(zmq_errno())

    @property
    def group(self):
        """The RADIO/DISH group of the message (DRAFT API), or None when unset."""
        cdef const char *group = zmq_msg_group(&self.zmq_msg)
        if group == NULL:
            if not PYZMQ_DRAFT_API:
                _draft_unavailable("Frame.group")
            return None
        return group.decode("utf-8")

    @group.setter
    def group(self, value):
        if not PYZMQ_DRAFT_API:
            _draft_unavailable("Frame.group")
        if isinstance(value, str):
            value = value.encode("utf-8")
        if zmq_msg_set_group(&self.zmq_msg, value) != 0:
            _raise_zmq(zmq_errno())


Message = Frame


cdef str _format_size(Py_ssize_t nbytes):
    if nbytes >= 1_000_000_000:
        return f"{nbytes / 1e9:.0f}GB"
    if nbytes >= 1_000_000:
        return f"{nbytes / 1e6:.0f}MB"
    if nbytes >= 1_000:
        return f"{nbytes / 1e3:.0f}kB"
    return f"{nbytes}B"
