# Zero-copy sends: libzmq shares the memory of a Python buffer and tells us (see zerocopy.h) when it is
# done; the collector thread then releases the buffer and sets the MessageTracker event.

cdef int _collector_pid = -1
cdef int _collector_fd = -1
_collector_lock = allocate_lock()
_collector_thread = None
_pending_hints = set()  # addresses of the hints libzmq still holds (read by zmq.utils.garbage)


cdef void _release_hints(pyzmq_zc_hint *h) noexcept:
    cdef pyzmq_zc_hint *nxt
    while h != NULL:
        nxt = h.next
        _pending_hints.discard(<size_t>h)
        PyBuffer_Release(&h.view)
        if h.event != NULL:
            try:
                (<object>h.event).set()
            except BaseException:
                pass
            Py_DECREF(<object>h.event)
        free(h)
        h = nxt


def _collector_main(int fd):
    """Body of the collector thread: wait for finished buffers, release them, repeat."""
    cdef sigset_t all_signals
    cdef int rc
    # Signals belong to the main thread, where they interrupt blocking calls (Ctrl-C in recv()).
    sigfillset(&all_signals)
    pthread_sigmask(SIG_BLOCK, &all_signals, NULL)
    while True:
        with nogil:
            rc = pyzmq_zc_wait(fd)
        if rc < 0 or fd != _collector_fd:
            return
        _release_hints(pyzmq_zc_take_all())


cdef object _patched_start_new_thread():
    """The OS's start_new_thread when gevent has monkey-patched threading, else None.

    Patched, threading.Thread makes a greenlet: the collector would block the hub's only OS thread.
    """
    monkey = sys.modules.get("gevent.monkey")
    if monkey is not None and monkey.is_module_patched("threading"):
        return monkey.get_original("_thread", "start_new_thread")
    return None


def _collector_alive():
    """Whether this process's zero-copy collector has been started (it then runs until exit)."""
    return _collector_pid == getpid()


cdef int _ensure_collector() except -1:
    """Start the collector on first use in this process (again in a forked child)."""
    global _collector_pid, _collector_fd, _collector_thread
    cdef int pid = getpid()
    if _collector_pid == pid:
        return 0
    with _collector_lock:
        if _collector_pid == pid:
            return 0
        _collector_fd = pyzmq_zc_reopen()
        _pending_hints.clear()
        if _collector_fd < 0:
            raise OSError(errno, "cannot create the zero-copy collector's eventfd")
        start_native = _patched_start_new_thread()
        if start_native is None:
            import threading  # (not at import: only zero-copy sends need it)

            _collector_thread = threading.Thread(
                target=_collector_main, args=(_collector_fd,), name="zmq-zerocopy-collector", daemon=True
            )
            _collector_thread.start()
        else:
            _collector_thread = None
            start_native(_collector_main, (_collector_fd,))
        _collector_pid = pid
    return 0


cdef int _init_zerocopy_msg(zmq_msg_t *msg, object data, object event, bint *readonly) except -1:
    """Initialise msg to share data's memory; event (or None) is set once libzmq releases it."""
    cdef pyzmq_zc_hint *hint
    cdef int rc
    _ensure_collector()
    hint = <pyzmq_zc_hint *>malloc(sizeof(pyzmq_zc_hint))
    if hint == NULL:
        raise MemoryError()
    if PyObject_GetBuffer(data, &hint.view, PyBUF_ANY_CONTIGUOUS) < 0:
        free(hint)
        return -1
    hint.next = NULL
    hint.event = NULL
    if readonly != NULL:
        readonly[0] = hint.view.readonly
    if event is not None:
        Py_INCREF(event)
        hint.event = <PyObject *>event
    rc = zmq_msg_init_data(msg, hint.view.buf, <size_t>hint.view.len, pyzmq_zc_free, hint)
    if rc != 0:
        hint.next = NULL
        _release_hints(hint)
        _raise_zmq(zmq_errno())
    _pending_hints.add(<size_t>hint)
    return 0
