/* The queue by which libzmq hands zero-copy buffers back, shared by both backends.
 *
 * libzmq calls pyzmq_zc_free() from whichever thread drops the last reference to a message, often one
 * of its IO threads, which must not run Python (nor take the GIL: it could deadlock against a Python
 * thread blocked in a libzmq call). So the callback only pushes the hint onto a lock-free stack and,
 * when the stack was empty, bumps an eventfd. A Python thread (the collector) waits on that eventfd,
 * takes the whole stack with one atomic exchange and releases the buffers the hints name.
 *
 * The includer first defines pyzmq_zc_hint: a struct with a `struct pyzmq_zc_hint *next` link, and
 * whatever its backend needs to release the buffer. */
#ifndef PYZMQ_ZEROCOPY_QUEUE_H
#define PYZMQ_ZEROCOPY_QUEUE_H

#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <unistd.h>
#include <sys/eventfd.h>

static _Atomic(pyzmq_zc_hint *) pyzmq_zc_pending = NULL;
static int pyzmq_zc_fd = -1;

/* libzmq's free callback: no Python, no GIL. */
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

/* (Re)create the wake-up fd: again in a forked child, which must not share the parent's, nor take
 * the hints the parent's IO threads queued (they are dropped, never freed). The fd, or -1. */
static int pyzmq_zc_reopen(void)
{
    if (pyzmq_zc_fd >= 0) close(pyzmq_zc_fd);
    atomic_store(&pyzmq_zc_pending, NULL);
    pyzmq_zc_fd = eventfd(0, EFD_CLOEXEC);
    return pyzmq_zc_fd;
}

/* Every hint queued so far, newest first. */
static pyzmq_zc_hint *pyzmq_zc_take_all(void)
{
    return atomic_exchange(&pyzmq_zc_pending, NULL);
}

#endif
