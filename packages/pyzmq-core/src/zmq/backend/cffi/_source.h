/* The C half of the CFFI backend: compiled into zmq.backend.cffi._cffi with the code cffi generates.
 *
 * What it shares with the Cython backend comes from that backend's headers (CMake puts its directory
 * on this module's include path): the bridge to libzmq (zmq_compat.h: DRAFT stand-ins, a detached
 * thread to terminate collected contexts) and the queue of zero-copy buffers that libzmq is done with
 * (zerocopy_queue.h). Added here: one-call forms of the hot paths (each cffi call costs a crossing)
 * and the zero-copy hints of this backend, which name their buffers by id. */
#ifndef PYZMQ_CFFI_SOURCE_H
#define PYZMQ_CFFI_SOURCE_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "zmq_compat.h"

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
 * A hint names its buffer by an id; the collector (a Python thread blocked reading the queue's
 * eventfd) drains the ids and releases the buffers they name. */

typedef struct pyzmq_zc_hint {
    unsigned long long id;
    struct pyzmq_zc_hint *next;
} pyzmq_zc_hint;

#include "zerocopy_queue.h"

static pyzmq_zc_hint *pyzmq_zc_taken = NULL; /* the collector's own list, being drained */

/* (Re)create the wake-up fd: the fd, or -errno. */
static int pyzmq_zc_reset(void)
{
    pyzmq_zc_taken = NULL;
    return pyzmq_zc_reopen() < 0 ? -errno : pyzmq_zc_fd;
}

/* Move up to max ids of released buffers into ids; returns how many (0: none pending). */
static int pyzmq_zc_drain(unsigned long long *ids, int max)
{
    int n = 0;
    while (n < max) {
        pyzmq_zc_hint *h;
        if (pyzmq_zc_taken == NULL) {
            pyzmq_zc_taken = pyzmq_zc_take_all();
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

#endif
