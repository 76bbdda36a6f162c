/* Bridges what the backends expect and what the linked libzmq declares (the CFFI backend's
 * _source.h includes it too).
 *
 * The DRAFT functions exist only in a libzmq built with --enable-drafts (Debian's is not), so without
 * ZMQ_BUILD_DRAFT_API they become inline stand-ins that fail with ENOTSUP, as libzmq itself does for
 * an unsupported feature. */
#ifndef PYZMQ_COMPAT_H
#define PYZMQ_COMPAT_H

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
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
 * collecting thread (or interpreter exit) while its sockets linger.
 *
 * The thread is created detached, so its stack and mappings are returned when it ends: nobody ever
 * joins it (zmq_threadstart's threads must be joined with zmq_threadclose, or each one leaks its
 * stack: gigabytes of address space after a few hundred collected contexts). It blocks every signal
 * (they belong to Python's main thread) and needs only a small stack. Returns 0, or an errno when
 * no thread could be created; the caller then leaves the context unterminated rather than block. */
static void *pyzmq_term_in_background_main(void *ctx)
{
    zmq_ctx_term(ctx);
    return NULL;
}

static inline int pyzmq_term_in_background(void *ctx)
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
    /* a new thread inherits the creator's signal mask */
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    rc = pthread_create(&thread, &attr, pyzmq_term_in_background_main, ctx);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    pthread_attr_destroy(&attr);
    return rc;
}

/* Bumped in the child of every fork(): objects remember the generation they were created in, so
 * using one inherited from the parent is caught with an int compare (getpid() is a system call). */
static int pyzmq_fork_generation = 0;
static void pyzmq_atfork_child(void) { pyzmq_fork_generation++; }
static inline int pyzmq_install_atfork(void) { return pthread_atfork(NULL, NULL, pyzmq_atfork_child); }

/* Longest ipc:// path a sockaddr_un holds, without its terminating NUL. */
#define PYZMQ_IPC_PATH_MAX_LEN ((int)sizeof(((struct sockaddr_un *)0)->sun_path) - 1)

#endif
