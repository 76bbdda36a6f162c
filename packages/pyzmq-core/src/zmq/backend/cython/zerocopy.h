/* Hand-off of zero-copy buffers from libzmq back to Python.
 *
 * libzmq calls pyzmq_zc_free() from whichever thread drops the last reference to a message, often one
 * of its IO threads, which must not take the GIL (it could deadlock against a Python thread blocked in
 * a libzmq call). So the callback only pushes the hint onto a lock-free stack and, when the stack was
 * empty, bumps an eventfd. A Python thread (the collector) waits on that eventfd, takes the whole stack
 * with one atomic exchange and releases the buffers with the GIL held. */
#ifndef PYZMQ_ZEROCOPY_H
#define PYZMQ_ZEROCOPY_H

#include <Python.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>

typedef struct pyzmq_zc_hint {
    Py_buffer view;              /* holds the reference to the exporting object */
    PyObject *event;             /* a threading.Event to set when done, or NULL */
    struct pyzmq_zc_hint *next;
} pyzmq_zc_hint;

static _Atomic(pyzmq_zc_hint *) pyzmq_zc_pending = NULL;
static int pyzmq_zc_fd = -1;

/* libzmq's free callback: no Python API, no GIL. */
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

/* (Re)create the wake-up fd; after fork() the child must not share the parent's. Returns -1 on error. */
static int pyzmq_zc_reset(void)
{
    if (pyzmq_zc_fd >= 0) close(pyzmq_zc_fd);
    /* Hints queued by the parent's IO threads belong to the parent: drop them, never free them. */
    atomic_store(&pyzmq_zc_pending, NULL);
    pyzmq_zc_fd = eventfd(0, EFD_CLOEXEC);
    return pyzmq_zc_fd;
}

/* Block (call without the GIL) until hints are pending; returns the fd it waited on or -1 on error. */
static int pyzmq_zc_wait(int fd)
{
    uint64_t count;
    ssize_t n;
    do {
        n = read(fd, &count, sizeof(count));
    } while (n < 0 && errno == EINTR);
    return n < 0 ? -1 : fd;
}

static pyzmq_zc_hint *pyzmq_zc_take_all(void)
{
    return atomic_exchange(&pyzmq_zc_pending, NULL);
}

#endif
