/* Bridges what the backend expects and what the linked libzmq declares.
 *
 * The DRAFT functions exist only in a libzmq built with --enable-drafts (Debian's is not), so without
 * ZMQ_BUILD_DRAFT_API they become inline stand-ins that fail with ENOTSUP, as libzmq itself does for
 * an unsupported feature. */
#ifndef PYZMQ_COMPAT_H
#define PYZMQ_COMPAT_H

#include <errno.h>
#include <sys/un.h>
#include <zmq.h>

#ifdef ZMQ_BUILD_DRAFT_API
#define PYZMQ_DRAFT_API 1
#else
#define PYZMQ_DRAFT_API 0
static inline int zmq_msg_set_routing_id(zmq_msg_t *msg, unsigned int id) { (void)msg; (void)id; errno = ENOTSUP; return -1; }
static inline unsigned int zmq_msg_routing_id(zmq_msg_t *msg) { (void)msg; errno = ENOTSUP; return 0; }
static inline int zmq_msg_set_group(zmq_msg_t *msg, const char *g) { (void)msg; (void)g; errno = ENOTSUP; return -1; }
static inline const char *zmq_msg_group(zmq_msg_t *msg) { (void)msg; errno = ENOTSUP; return NULL; }
static inline int zmq_join(void *s, const char *g) { (void)s; (void)g; errno = ENOTSUP; return -1; }
static inline int zmq_leave(void *s, const char *g) { (void)s; (void)g; errno = ENOTSUP; return -1; }
#endif

/* Cython cannot assign C's errno directly (it would bind a local), hence this helper. */
static inline void pyzmq_clear_errno(void) { errno = 0; }

/* Terminate a context on a thread of its own: a garbage-collected context must not block the
 * collecting thread (or interpreter exit) while its sockets linger. libzmq threads block signals. */
static void pyzmq_term_in_background_main(void *ctx) { zmq_ctx_term(ctx); }
static inline void pyzmq_term_in_background(void *ctx) { zmq_threadstart(pyzmq_term_in_background_main, ctx); }

/* Longest ipc:// path a sockaddr_un holds, without its terminating NUL. */
#define PYZMQ_IPC_PATH_MAX_LEN ((int)sizeof(((struct sockaddr_un *)0)->sun_path) - 1)

#endif
