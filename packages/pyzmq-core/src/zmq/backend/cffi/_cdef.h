/* What the CFFI backend sees of libzmq and of its own helpers (_source.h): parsed by cffi's cdef(),
 * so plain declarations only ("...;" lets the C compiler fill in struct layouts). */

typedef struct { ...; } zmq_msg_t;
typedef struct {
    void *socket;
    int fd;
    short events;
    short revents;
} zmq_pollitem_t;

/* errors, versions, capabilities */
int zmq_errno(void);
const char *zmq_strerror(int errnum);
void zmq_version(int *major, int *minor, int *patch);
int zmq_has(const char *capability);

/* contexts */
void *zmq_ctx_new(void);
int zmq_ctx_term(void *context);
int zmq_ctx_shutdown(void *context);
int zmq_ctx_set(void *context, int option, int optval);
int zmq_ctx_get(void *context, int option);

/* messages */
int zmq_msg_init(zmq_msg_t *msg);
int zmq_msg_init_size(zmq_msg_t *msg, size_t size);
int zmq_msg_send(zmq_msg_t *msg, void *s, int flags);
int zmq_msg_recv(zmq_msg_t *msg, void *s, int flags);
int zmq_msg_close(zmq_msg_t *msg);
int zmq_msg_move(zmq_msg_t *dest, zmq_msg_t *src);
int zmq_msg_copy(zmq_msg_t *dest, zmq_msg_t *src);
void *zmq_msg_data(zmq_msg_t *msg);
size_t zmq_msg_size(const zmq_msg_t *msg);
int zmq_msg_more(const zmq_msg_t *msg);
int zmq_msg_get(const zmq_msg_t *msg, int property);
int zmq_msg_set(zmq_msg_t *msg, int property, int optval);
const char *zmq_msg_gets(const zmq_msg_t *msg, const char *property);
int zmq_msg_set_routing_id(zmq_msg_t *msg, unsigned int routing_id);
unsigned int zmq_msg_routing_id(zmq_msg_t *msg);
int zmq_msg_set_group(zmq_msg_t *msg, const char *group);
const char *zmq_msg_group(zmq_msg_t *msg);

/* sockets */
void *zmq_socket(void *context, int type);
int zmq_close(void *s);
int zmq_setsockopt(void *s, int option, const void *optval, size_t optvallen);
int zmq_getsockopt(void *s, int option, void *optval, size_t *optvallen);
int zmq_bind(void *s, const char *addr);
int zmq_connect(void *s, const char *addr);
int zmq_unbind(void *s, const char *addr);
int zmq_disconnect(void *s, const char *addr);
int zmq_recv(void *s, void *buf, size_t len, int flags);
int zmq_socket_monitor(void *s, const char *addr, int events);
int zmq_join(void *s, const char *group);
int zmq_leave(void *s, const char *group);

/* polling, proxies */
int zmq_poll(zmq_pollitem_t *items, int nitems, long timeout);
int zmq_proxy(void *frontend, void *backend, void *capture);
int zmq_proxy_steerable(void *frontend, void *backend, void *capture, void *control);

/* security helpers, stopwatch */
int zmq_curve_keypair(char *z85_public_key, char *z85_secret_key);
int zmq_curve_public(char *z85_public_key, const char *z85_secret_key);
void *zmq_stopwatch_start(void);
unsigned long zmq_stopwatch_stop(void *watch);

/* --- helpers of _source.h ------------------------------------------------------------------- */
#define PYZMQ_DRAFT_API ...
#define PYZMQ_IPC_PATH_MAX_LEN ...

/* Hot paths in one call each: the result, or -errno on failure. */
int pyzmq_send(void *s, const char *buf, size_t len, int flags);
int pyzmq_send_msg(void *s, zmq_msg_t *msg, int flags);
int pyzmq_send_frame(void *s, zmq_msg_t *frame_msg, int flags);

typedef struct {
    int more;          /* RCVMORE of the frame just received */
    int size;
    char *data;        /* the frame's bytes: in scratch, or in msg while open */
    int open;          /* msg still holds a frame (larger than scratch) */
    ...;
} pyzmq_recv_t;
int pyzmq_recv(void *s, pyzmq_recv_t *r, int flags);
void pyzmq_recv_done(pyzmq_recv_t *r);
int pyzmq_recv_msg(void *s, zmq_msg_t *msg, int flags);
int pyzmq_recv_into(void *s, char *buf, size_t len, int flags);

/* Messages owned by Frames: malloc'd and initialised, closed and freed by the garbage collector. */
zmq_msg_t *pyzmq_msg_new(void);
void pyzmq_msg_free(zmq_msg_t *msg);
int pyzmq_msg_init_copy(zmq_msg_t *msg, const char *data, size_t size);

/* Zero-copy: libzmq's free callback queues the id of the buffer; a collector thread drains them. */
int pyzmq_zc_init(zmq_msg_t *msg, char *data, size_t size, unsigned long long id);
int pyzmq_zc_reset(void);
int pyzmq_zc_drain(unsigned long long *ids, int max);

/* Contexts collected while open are terminated on a detached thread (0, or an errno). */
int pyzmq_term_in_background(void *context);

/* Numeric socket options (is64: an int64_t option, else an int): 0, or -errno. */
int pyzmq_getsockopt_num(void *s, int option, int is64, long long *value);
int pyzmq_setsockopt_num(void *s, int option, int is64, long long value);
