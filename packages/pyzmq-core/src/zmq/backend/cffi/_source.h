/* The C half of the CFFI backend: compiled into zmq.backend.cffi._cffi with the code cffi generates.
 *
 * Besides bridging to libzmq (DRAFT stand-ins, as in the Cython backend's zmq_compat.h), it holds the
 * few things that cannot be done from Python: libzmq's free callback for zero-copy buffers (called
 * on libzmq's IO threads, where Python must not run), a detached thread to terminate collected
 * contexts, and one-call forms of the hot paths (each cffi call costs a crossing). */
#ifndef PYZMQ_CFFI_SOURCE_H
#define PYZMQ_CFFI_SOURCE_H

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/un.h>
#include <unistd.h>
#include <zmq.h>

#ifdef ZMQ_BUILD_DRAFT_API
#define PYZMQ_DRAFT_API 1
#else
#define PYZMQ_DRAFT_API 0
static int zmq_msg_set_routing_id(zmq_msg_t *msg, unsigned int id) { (void)msg; (void)id; errno = ENOTSUP; return -1; }
static unsigned int zmq_msg_routing_id(zmq_msg_t *msg) { (void)msg; errno = ENOTSUP; return 0; }
static int zmq_msg_set_group(zmq_msg_t *msg, const char *g) { (void)msg; (void)g; errno = ENOTSUP; return -1; }
static const char *zmq_msg_group(zmq_msg_t *msg) { (void)msg; errno = ENOTSUP; return NULL; }
static int zmq_join(void *s, const char *g) { (void)s; (void)g; errno = ENOTSUP; return -1; }
static int zmq_leave(void *s, const char *g) { (void)s; (void)g; errno = ENOTSUP; return -1; }
#endif

/* Longest ipc:// path a sockaddr_un holds, without its terminating NUL. */
#define PYZMQ_IPC_PATH_MAX_LEN ((int)sizeof(((struct sockaddr_un *)0)->sun_path) - 1)

/* --- sending and receiving ------------------------------------------------------------------- */

static int pyzmq_send(void *s, const char *buf, size_t len, int flags)
{
    int rc = zmq_send(s, buf, len, flags);
    return rc < 0 ? -zmq_errno() : rc;
}

/* msg stays the caller's on failure (it may retry after EINTR, or close it). */
static int pyzmq_send_msg(void *s, zmq_msg_t *msg, int flags)
{
    int rc = zmq_msg_send(msg, s, flags);
    return rc < 0 ? -zmq_errno() : rc;
}

/* Send a reference to a Frame's content (libzmq counts references): the Frame keeps its own. */
static int pyzmq_send_frame(void *s, zmq_msg_t *frame_msg, int flags)
{
    zmq_msg_t msg;
    int rc, err;
    zmq_msg_init(&msg);
    if (zmq_msg_copy(&msg, frame_msg) != 0) {
        err = zmq_errno();
        zmq_msg_close(&msg);
        return -err;
    }
    rc = zmq_msg_send(&msg, s, flags);
    if (rc < 0) {
        err = zmq_errno();
        zmq_msg_close(&msg);
        return -err;
    }
    return rc;
}

/* A socket's receive area: small frames are copied into scratch and the message closed at once, so
 * receiving one costs a single call; a larger one stays open in msg until pyzmq_recv_done(). */
#define PYZMQ_SCRATCH 4096
typedef struct {
    int more;
    int size;
    char *data;
    int open;
    zmq_msg_t msg;
    char scratch[PYZMQ_SCRATCH];
} pyzmq_recv_t;

static void pyzmq_recv_done(pyzmq_recv_t *r)
{
    if (r->open) {
        zmq_msg_close(&r->msg);
        r->open = 0;
    }
}

static int pyzmq_recv(void *s, pyzmq_recv_t *r, int flags)
{
    int rc, err;
    pyzmq_recv_done(r); /* a frame left open by an interrupted caller */
    zmq_msg_init(&r->msg);
    rc = zmq_msg_recv(&r->msg, s, flags);
    if (rc < 0) {
        err = zmq_errno();
        zmq_msg_close(&r->msg);
        return -err;
    }
    r->more = zmq_msg_more(&r->msg);
    r->size = (int)zmq_msg_size(&r->msg);
    if (r->size <= PYZMQ_SCRATCH) {
        memcpy(r->scratch, zmq_msg_data(&r->msg), (size_t)r->size);
        zmq_msg_close(&r->msg);
        r->data = r->scratch;
    } else {
        r->data = (char *)zmq_msg_data(&r->msg);
        r->open = 1;
    }
    return rc;
}

/* Receive into a Frame's message (initialised, maybe holding an older frame: replaced). */
static int pyzmq_recv_msg(void *s, zmq_msg_t *msg, int flags)
{
    int rc = zmq_msg_recv(msg, s, flags);
    return rc < 0 ? -zmq_errno() : rc;
}

static int pyzmq_recv_into(void *s, char *buf, size_t len, int flags)
{
    int rc = zmq_recv(s, buf, len, flags);
    return rc < 0 ? -zmq_errno() : rc;
}

static int pyzmq_getsockopt_num(void *s, int option, int is64, long long *value)
{
    size_t sz;
    if (is64) {
        int64_t v = 0;
        sz = sizeof(v);
        if (zmq_getsockopt(s, option, &v, &sz) != 0) return -zmq_errno();
        *value = (long long)v;
    } else {
        int v = 0;
        sz = sizeof(v);
        if (zmq_getsockopt(s, option, &v, &sz) != 0) return -zmq_errno();
        *value = v;
    }
    return 0;
}

static int pyzmq_setsockopt_num(void *s, int option, int is64, long long value)
{
    int rc;
    if (is64) {
        int64_t v = (int64_t)value;
        rc = zmq_setsockopt(s, option, &v, sizeof(v));
    } else {
        int v = (int)value;
        rc = zmq_setsockopt(s, option, &v, sizeof(v));
    }
    return rc != 0 ? -zmq_errno() : 0;
}

/* --- messages owned by Frames ---------------------------------------------------------------- */

static zmq_msg_t *pyzmq_msg_new(void)
{
    zmq_msg_t *msg = (zmq_msg_t *)malloc(sizeof(zmq_msg_t));
    if (msg != NULL) zmq_msg_init(msg);
    return msg;
}

static void pyzmq_msg_free(zmq_msg_t *msg)
{
    zmq_msg_close(msg);
    free(msg);
}

/* Replace msg's content with a copy of data: 0, or -errno (msg unchanged). */
static int pyzmq_msg_init_copy(zmq_msg_t *msg, const char *data, size_t size)
{
    zmq_msg_t fresh;
    if (zmq_msg_init_size(&fresh, size) != 0) return -zmq_errno();
    if (size) memcpy(zmq_msg_data(&fresh), data, size);
    zmq_msg_move(msg, &fresh); /* releases msg's previous content */
    zmq_msg_close(&fresh);
    return 0;
}

/* --- zero-copy buffers ------------------------------------------------------------------------
 * libzmq calls pyzmq_zc_free() from whichever thread drops the last reference to a message, often
 * one of its IO threads, which must not run Python. It only pushes the buffer's id onto a lock-free
 * stack and, when the stack was empty, bumps an eventfd; the collector (a Python thread blocked
 * reading that fd) drains the ids and releases the buffers they name. */

typedef struct pyzmq_zc_hint {
    unsigned long long id;
    struct pyzmq_zc_hint *next;
} pyzmq_zc_hint;

static _Atomic(pyzmq_zc_hint *) pyzmq_zc_pending = NULL;
static pyzmq_zc_hint *pyzmq_zc_taken = NULL; /* the collector's own list, being drained */
static int pyzmq_zc_fd = -1;

static void pyzmq_zc_free(void *data, void *hint)
{
    pyzmq_zc_hint *h = (pyzmq_zc_hint *)hint;
    pyzmq_zc_hint *head = atomic_load(&pyzmq_zc_pending);
    (void)data;
    do {
        h->next = head;
    } while (!atomic_compare_exchange_weak(&pyzmq_zc_pending, &head, h));
    if (head == NULL) {
        uint64_t one = 1;
        ssize_t n;
        do {
            n = write(pyzmq_zc_fd, &one, sizeof(one));
        } while (n < 0 && errno == EINTR);
    }
}

/* (Re)create the wake-up fd (again in a forked child, whose parent's hints are not its own):
 * the fd, or -errno. */
static int pyzmq_zc_reset(void)
{
    if (pyzmq_zc_fd >= 0) close(pyzmq_zc_fd);
    atomic_store(&pyzmq_zc_pending, NULL);
    pyzmq_zc_taken = NULL;
    pyzmq_zc_fd = eventfd(0, EFD_CLOEXEC);
    return pyzmq_zc_fd < 0 ? -errno : pyzmq_zc_fd;
}

/* Move up to max ids of released buffers into ids; returns how many (0: none pending). */
static int pyzmq_zc_drain(unsigned long long *ids, int max)
{
    int n = 0;
    while (n < max) {
        pyzmq_zc_hint *h;
        if (pyzmq_zc_taken == NULL) {
            pyzmq_zc_taken = atomic_exchange(&pyzmq_zc_pending, NULL);
            if (pyzmq_zc_taken == NULL) break;
        }
        h = pyzmq_zc_taken;
        pyzmq_zc_taken = h->next;
        ids[n++] = h->id;
        free(h);
    }
    return n;
}

/* Make msg share data (size bytes); id names it to the collector once libzmq is done. 0 or -errno. */
static int pyzmq_zc_init(zmq_msg_t *msg, char *data, size_t size, unsigned long long id)
{
    pyzmq_zc_hint *h = (pyzmq_zc_hint *)malloc(sizeof(pyzmq_zc_hint));
    if (h == NULL) return -ENOMEM;
    h->id = id;
    h->next = NULL;
    if (zmq_msg_init_data(msg, data, size, pyzmq_zc_free, h) != 0) {
        int err = zmq_errno();
        free(h);
        return -err;
    }
    return 0;
}

/* --- contexts collected while open --------------------------------------------------------------
 * Terminated on a detached thread of their own (nobody joins it, so its stack is returned when it
 * ends), blocking every signal (they belong to Python's main thread), with a small stack. */
static void *pyzmq_term_main(void *ctx)
{
    zmq_ctx_term(ctx);
    return NULL;
}

static int pyzmq_term_in_background(void *ctx)
{
    pthread_attr_t attr;
    pthread_t thread;
    sigset_t all, old;
    size_t stack = 256 * 1024;
    int rc;
    if (stack < (size_t)PTHREAD_STACK_MIN) stack = (size_t)PTHREAD_STACK_MIN;
    if ((rc = pthread_attr_init(&attr)) != 0) return rc;
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, stack);
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    rc = pthread_create(&thread, &attr, pyzmq_term_main, ctx);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    pthread_attr_destroy(&attr);
    return rc;
}

#endif
