/* Zero-copy buffers of the Cython backend: a hint holds the buffer's view (the reference to the
 * exporting object) and the MessageTracker's event; zerocopy_queue.h brings them back. */
#ifndef PYZMQ_ZEROCOPY_H
#define PYZMQ_ZEROCOPY_H

#include <Python.h>
#include <stdlib.h>
#include <string.h>

typedef struct pyzmq_zc_hint {
    Py_buffer view;              /* holds the reference to the exporting object */
    PyObject *event;             /* a threading.Event to set when done, or NULL */
    struct pyzmq_zc_hint *next;
} pyzmq_zc_hint;

#include "zerocopy_queue.h"

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

#endif
