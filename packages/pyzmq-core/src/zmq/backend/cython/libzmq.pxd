# Declarations of libzmq's C API (zmq.h), mirroring the header's names.
# cimport this from Cython code that talks to libzmq directly:
#     from zmq.backend.cython.libzmq cimport zmq_msg_t, zmq_msg_send

from libc.stdint cimport uint8_t

cdef extern from "zmq_compat.h" nogil:
    # --- errors and versions
    int zmq_errno()
    const char *zmq_strerror(int errnum)
    void zmq_version(int *major, int *minor, int *patch)
    int zmq_has(const char *capability)

    int ZMQ_HAUSNUMERO
    int ZMQ_VERSION_MAJOR
    int ZMQ_VERSION_MINOR
    int ZMQ_VERSION_PATCH
    int ZMQ_VERSION
    int ENOTSOCK
    int EFSM
    int ETERM
    int ENOTSUP

    # --- contexts
    void *zmq_ctx_new()
    int zmq_ctx_term(void *context)
    int zmq_ctx_shutdown(void *context)
    int zmq_ctx_set(void *context, int option, int optval)
    int zmq_ctx_get(void *context, int option)

    # --- messages
    ctypedef struct zmq_msg_t:
        pass
    ctypedef void zmq_free_fn(void *data, void *hint)

    int zmq_msg_init(zmq_msg_t *msg)
    int zmq_msg_init_size(zmq_msg_t *msg, size_t size)
    int zmq_msg_init_data(zmq_msg_t *msg, void *data, size_t size, zmq_free_fn *ffn, void *hint)
    int zmq_msg_send(zmq_msg_t *msg, void *s, int flags)
    int zmq_msg_recv(zmq_msg_t *msg, void *s, int flags)
    int zmq_msg_close(zmq_msg_t *msg)
    int zmq_msg_move(zmq_msg_t *dest, zmq_msg_t *src)
    int zmq_msg_copy(zmq_msg_t *dest, zmq_msg_t *src)
    void *zmq_msg_data(zmq_msg_t *msg)
    size_t zmq_msg_size(const zmq_msg_t *msg)
    int zmq_msg_more(const zmq_msg_t *msg)
    int zmq_msg_get(const zmq_msg_t *msg, int property)
    int zmq_msg_set(zmq_msg_t *msg, int property, int optval)
    const char *zmq_msg_gets(const zmq_msg_t *msg, const char *property)
    # DRAFT API: zmq_compat.h makes these fail with ENOTSUP when libzmq lacks it.
    int zmq_msg_set_routing_id(zmq_msg_t *msg, unsigned int routing_id)
    unsigned int zmq_msg_routing_id(zmq_msg_t *msg)
    int zmq_msg_set_group(zmq_msg_t *msg, const char *group)
    const char *zmq_msg_group(zmq_msg_t *msg)

    # --- sockets
    void *zmq_socket(void *context, int type)
    int zmq_close(void *s)
    int zmq_setsockopt(void *s, int option, const void *optval, size_t optvallen)
    int zmq_getsockopt(void *s, int option, void *optval, size_t *optvallen)
    int zmq_bind(void *s, const char *addr)
    int zmq_connect(void *s, const char *addr)
    int zmq_unbind(void *s, const char *addr)
    int zmq_disconnect(void *s, const char *addr)
    int zmq_send(void *s, const void *buf, size_t len, int flags)
    int zmq_recv(void *s, void *buf, size_t len, int flags)
    int zmq_socket_monitor(void *s, const char *addr, int events)
    # DRAFT API, as above.
    int zmq_join(void *s, const char *group)
    int zmq_leave(void *s, const char *group)

    # --- polling
    ctypedef struct zmq_pollitem_t:
        void *socket
        int fd
        short events
        short revents
    int ZMQ_POLLIN
    int ZMQ_POLLOUT
    int ZMQ_POLLERR
    int ZMQ_POLLPRI
    int zmq_poll(zmq_pollitem_t *items, int nitems, long timeout)

    # --- proxies and devices
    int zmq_proxy(void *frontend, void *backend, void *capture)
    int zmq_proxy_steerable(void *frontend, void *backend, void *capture, void *control)
    int zmq_device(int type, void *frontend, void *backend)

    # --- security helpers
    char *zmq_z85_encode(char *dest, const uint8_t *data, size_t size)
    uint8_t *zmq_z85_decode(uint8_t *dest, const char *string)
    int zmq_curve_keypair(char *z85_public_key, char *z85_secret_key)
    int zmq_curve_public(char *z85_public_key, const char *z85_secret_key)

    # --- misc
    void *zmq_stopwatch_start()
    unsigned long zmq_stopwatch_intermediate(void *watch)
    unsigned long zmq_stopwatch_stop(void *watch)

    # --- the numbers the backend itself uses (Python code gets every one from zmq.constants,
    # whose values tests/core/test_constants.py checks against this libzmq)
    int ZMQ_IO_THREADS
    int ZMQ_REQ
    int ZMQ_REP
    int ZMQ_ROUTER
    int ZMQ_DONTWAIT
    int ZMQ_SNDMORE
    int ZMQ_MORE
    int ZMQ_ROUTING_ID
    int ZMQ_RCVMORE
    int ZMQ_FD
    int ZMQ_EVENTS
    int ZMQ_TYPE
    int ZMQ_LINGER
    int ZMQ_RCVTIMEO
    int ZMQ_SNDTIMEO
    int ZMQ_CURVE_PUBLICKEY
    int ZMQ_CURVE_SECRETKEY
    int ZMQ_CURVE_SERVERKEY
    int ZMQ_CONNECT_ROUTING_ID

    # --- helpers of zmq_compat.h
    void pyzmq_clear_errno()
    int pyzmq_term_in_background(void *context)

    # --- what this build was compiled with
    int PYZMQ_DRAFT_API
    int PYZMQ_IPC_PATH_MAX_LEN
