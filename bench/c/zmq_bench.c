/* Raw libzmq reference for the Python benchmarks: the same exchanges with no binding in the way.
 *
 *   zmq_bench pushpull|reqrep|dealer [--transport inproc|tcp] [--size N] [--copy 0|1] [--parts N]
 *             [--inflight N] [--curve] [--procs 0|1] [--duration SECONDS] [--cpu N]
 *   zmq_bench lockstep|roundtrip [--transport inproc|tcp] [--size N] --count N
 *
 * Prints one number: messages (or round trips) per second, or for reqrep the mean round trip in
 * microseconds. The peer runs in a thread (inproc, or --procs 0) or a forked process (tcp). Every
 * loop is bounded by time: blocking calls time out so the stop flag is always seen. --cpu N pins
 * the measured process to CPU N and a forked peer to the next one (both with their IO threads).
 *
 * lockstep and roundtrip are for counting instructions (bench/instr.py, under callgrind): one
 * thread sends --count messages through PUSH -> PULL in batches of 64 (lockstep), or makes --count
 * DEALER -> ROUTER -> DEALER round trips, between two getppid() calls; it prints nothing.
 */
#define _GNU_SOURCE
#include <zmq.h>
#include <sched.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    const char *pattern, *transport;
    size_t size;
    int copy, parts, inflight, curve, procs, cpu;
    long count;
    double duration;
    char endpoint[256];
    char server_public[41], server_secret[41], client_public[41], client_secret[41];
    volatile int *stop;  /* shared with the peer (thread or forked process) */
    void *ctx;           /* the peer's context */
} bench_t;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void pin(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu % CPU_SETSIZE, &set);
    sched_setaffinity(0, sizeof set, &set); /* best effort: the CPU may not be ours to use */
}

static void die(const char *what) {
    fprintf(stderr, "zmq_bench: %s: %s\n", what, zmq_strerror(zmq_errno()));
    exit(2);
}

static void set_int(void *s, int opt, int value) {
    if (zmq_setsockopt(s, opt, &value, sizeof value)) die("setsockopt");
}

static void noop_free(void *data, void *hint) { (void)data; (void)hint; }

static void curve_client(bench_t *b, void *s) {
    if (!b->curve) return;
    zmq_setsockopt(s, ZMQ_CURVE_SERVERKEY, b->server_public, 40);
    zmq_setsockopt(s, ZMQ_CURVE_PUBLICKEY, b->client_public, 40);
    zmq_setsockopt(s, ZMQ_CURVE_SECRETKEY, b->client_secret, 40);
}

/* Peer roles: push (sender), rep/router (echo). */
static void peer_push(bench_t *b, void *s) {
    char *buf = calloc(1, b->size ? b->size : 1);
    set_int(s, ZMQ_SNDTIMEO, 100);
    int batch = b->size >= 65536 ? 1 : 256;
    while (!*b->stop) {
        for (int i = 0; i < batch; i++) {
            int rc = 0;
            for (int p = 0; p < b->parts && rc >= 0; p++) {
                int flags = p + 1 < b->parts ? ZMQ_SNDMORE : 0;
                if (b->copy) {
                    rc = zmq_send(s, buf, b->size, flags);
                } else {
                    zmq_msg_t m;
                    zmq_msg_init_data(&m, buf, b->size, noop_free, NULL);
                    rc = zmq_msg_send(&m, s, flags);
                    if (rc < 0) zmq_msg_close(&m);
                }
            }
            if (rc < 0) break; /* EAGAIN after SNDTIMEO: look at the stop flag */
        }
    }
    free(buf);
}

static void peer_echo(bench_t *b, void *s) {
    zmq_msg_t m;
    zmq_msg_init(&m);
    set_int(s, ZMQ_RCVTIMEO, 100);
    while (!*b->stop) {
        if (zmq_msg_recv(&m, s, 0) < 0) continue;
        int more = zmq_msg_more(&m);
        zmq_msg_send(&m, s, more ? ZMQ_SNDMORE : 0);
        while (more) {
            zmq_msg_recv(&m, s, 0);
            more = zmq_msg_more(&m);
            zmq_msg_send(&m, s, more ? ZMQ_SNDMORE : 0);
        }
    }
    zmq_msg_close(&m);
}

static void *peer_main(void *arg) {
    bench_t *b = arg;
    int type = !strcmp(b->pattern, "pushpull") ? ZMQ_PUSH : !strcmp(b->pattern, "reqrep") ? ZMQ_REP : ZMQ_ROUTER;
    void *s = zmq_socket(b->ctx, type);
    set_int(s, ZMQ_LINGER, 0);
    curve_client(b, s);
    if (zmq_connect(s, b->endpoint)) die("connect");
    if (type == ZMQ_PUSH) peer_push(b, s); else peer_echo(b, s);
    zmq_close(s);
    return NULL;
}

/* The measured side. Returns the reported value. */
static double measure(bench_t *b, void *s) {
    zmq_msg_t m;
    zmq_msg_init(&m);
    char *buf = calloc(1, b->size ? b->size : 1);
    double warm = b->duration * 0.2 < 0.1 ? b->duration * 0.2 : 0.1; /* as bench/harness.py */
    long count = 0;
    double t0 = 0, t = 0;
    set_int(s, ZMQ_RCVTIMEO, 5000);
    if (!strcmp(b->pattern, "pushpull")) {
        int batch = b->size >= 65536 ? 1 : 256;
        for (int phase = 0; phase < 2; phase++) { /* 0: warm-up, 1: measured */
            double span = phase ? b->duration : warm;
            count = 0;
            t0 = now();
            do {
                for (int i = 0; i < batch; i++) {
                    int more = 1;
                    while (more) {
                        int rc = b->copy ? zmq_recv(s, buf, b->size, 0) : zmq_msg_recv(&m, s, 0);
                        if (rc < 0) die("recv");
                        more = b->copy ? 0 : zmq_msg_more(&m);
                        if (b->copy) {
                            int opt; size_t len = sizeof opt;
                            zmq_getsockopt(s, ZMQ_RCVMORE, &opt, &len);
                            more = opt;
                        }
                    }
                }
                count += batch;
                t = now();
            } while (t - t0 < span);
        }
    } else if (!strcmp(b->pattern, "reqrep")) {
        for (int phase = 0; phase < 2; phase++) {
            double span = phase ? b->duration : warm;
            count = 0;
            t0 = now();
            do {
                if (zmq_send(s, buf, b->size, 0) < 0 || zmq_recv(s, buf, b->size, 0) < 0) die("reqrep");
                count++;
                t = now();
            } while (t - t0 < span);
        }
        free(buf);
        zmq_msg_close(&m);
        return (t - t0) / count * 1e6;
    } else { /* dealer: keep `inflight` requests outstanding */
        for (int i = 0; i < b->inflight; i++) zmq_send(s, buf, b->size, 0);
        for (int phase = 0; phase < 2; phase++) {
            double span = phase ? b->duration : warm;
            count = 0;
            t0 = now();
            do {
                if (zmq_recv(s, buf, b->size, 0) < 0 || zmq_send(s, buf, b->size, 0) < 0) die("dealer");
                count++;
                t = now();
            } while (t - t0 < span);
        }
    }
    free(buf);
    zmq_msg_close(&m);
    return count / (t - t0);
}

static void check(int rc, const char *what) {
    if (rc < 0) die(what);
}

/* Fixed work for instruction counts (bench/instr.py): a warm-up, then exactly count messages
 * (lockstep) or round trips (roundtrip) between two getppid() calls, where callgrind dumps its
 * counters (--dump-before=getppid), so the middle part holds just that work. */
static void exchange(bench_t *b, void *a, void *c, int lockstep, long count) {
    char *buf = calloc(1, b->size ? b->size : 1);
    char id[256];
    for (long done = 0; done < count;) {
        if (lockstep) {
            long batch = count - done < 64 ? count - done : 64;
            for (long i = 0; i < batch; i++) check(zmq_send(c, buf, b->size, 0), "send");
            for (long i = 0; i < batch; i++) check(zmq_recv(a, buf, b->size, 0), "recv");
            done += batch;
        } else {
            check(zmq_send(c, buf, b->size, 0), "send");
            int idlen = zmq_recv(a, id, sizeof id, 0);
            check(idlen, "recv id");
            check(zmq_recv(a, buf, b->size, 0), "recv");
            check(zmq_send(a, id, (size_t)idlen, ZMQ_SNDMORE), "send id");
            check(zmq_send(a, buf, b->size, 0), "send back");
            check(zmq_recv(c, buf, b->size, 0), "recv back");
            done++;
        }
    }
    free(buf);
}

static int fixed_count(bench_t *b) {
    int tcp = !strcmp(b->transport, "tcp");
    int lockstep = !strcmp(b->pattern, "lockstep");
    void *ctx = zmq_ctx_new();
    void *a = zmq_socket(ctx, lockstep ? ZMQ_PULL : ZMQ_ROUTER);
    void *c = zmq_socket(ctx, lockstep ? ZMQ_PUSH : ZMQ_DEALER);
    set_int(a, ZMQ_LINGER, 0);
    set_int(c, ZMQ_LINGER, 0);
    set_int(a, ZMQ_RCVTIMEO, 5000);
    set_int(c, ZMQ_RCVTIMEO, 5000);
    check(zmq_bind(a, tcp ? "tcp://127.0.0.1:*" : "inproc://zmq-bench"), "bind");
    size_t len = sizeof b->endpoint;
    zmq_getsockopt(a, ZMQ_LAST_ENDPOINT, b->endpoint, &len);
    check(zmq_connect(c, b->endpoint), "connect");
    exchange(b, a, c, lockstep, b->count / 10 + 1); /* warm-up */
    getppid();
    exchange(b, a, c, lockstep, b->count);
    getppid();
    zmq_close(a);
    zmq_close(c);
    zmq_ctx_term(ctx);
    return 0;
}

int main(int argc, char **argv) {
    bench_t b = {.pattern = "pushpull", .transport = "inproc", .size = 64, .copy = 1, .parts = 1,
                 .inflight = 1, .curve = 0, .procs = -1, .cpu = -1, .count = 0, .duration = 1.0};
    if (argc > 1) b.pattern = argv[1];
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : "0";
        if (!strcmp(a, "--curve")) { b.curve = 1; continue; }
        i++;
        if (!strcmp(a, "--transport")) b.transport = v;
        else if (!strcmp(a, "--size")) b.size = strtoul(v, NULL, 10);
        else if (!strcmp(a, "--copy")) b.copy = atoi(v);
        else if (!strcmp(a, "--parts")) b.parts = atoi(v);
        else if (!strcmp(a, "--inflight")) b.inflight = atoi(v);
        else if (!strcmp(a, "--procs")) b.procs = atoi(v);
        else if (!strcmp(a, "--duration")) b.duration = atof(v);
        else if (!strcmp(a, "--cpu")) b.cpu = atoi(v);
        else if (!strcmp(a, "--count")) b.count = atol(v);
        else { fprintf(stderr, "zmq_bench: unknown option %s\n", a); return 2; }
    }
    if (!strcmp(b.pattern, "lockstep") || !strcmp(b.pattern, "roundtrip")) return fixed_count(&b);
    if (strcmp(b.pattern, "pushpull") && strcmp(b.pattern, "reqrep") && strcmp(b.pattern, "dealer")) {
        fprintf(stderr, "zmq_bench: unknown pattern %s\n", b.pattern);
        return 2;
    }
    int tcp = !strcmp(b.transport, "tcp");
    if (b.procs < 0) b.procs = tcp;
    if (b.cpu >= 0) pin(b.cpu);
    b.stop = mmap(NULL, sizeof(int), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    *b.stop = 0;
    if (b.curve && (zmq_curve_keypair(b.server_public, b.server_secret) ||
                    zmq_curve_keypair(b.client_public, b.client_secret))) die("curve_keypair");

    void *ctx = zmq_ctx_new();
    int type = !strcmp(b.pattern, "pushpull") ? ZMQ_PULL : !strcmp(b.pattern, "reqrep") ? ZMQ_REQ : ZMQ_DEALER;
    void *s = zmq_socket(ctx, type);
    set_int(s, ZMQ_LINGER, 0);
    if (b.curve) {
        set_int(s, ZMQ_CURVE_SERVER, 1);
        zmq_setsockopt(s, ZMQ_CURVE_SECRETKEY, b.server_secret, 40);
    }
    if (zmq_bind(s, tcp ? "tcp://127.0.0.1:*" : "inproc://zmq-bench")) die("bind");
    size_t len = sizeof b.endpoint;
    zmq_getsockopt(s, ZMQ_LAST_ENDPOINT, b.endpoint, &len);

    pid_t child = -1;
    pthread_t thread;
    if (b.procs) {
        child = fork();
        if (child == 0) {
            if (b.cpu >= 0) pin(b.cpu + 1);
            alarm((unsigned)(b.duration * 2) + 30); /* a lost parent cannot leave us running */
            b.ctx = zmq_ctx_new();
            peer_main(&b);
            zmq_ctx_term(b.ctx);
            _exit(0);
        }
    } else {
        b.ctx = ctx;
        pthread_create(&thread, NULL, peer_main, &b);
    }
    double value = measure(&b, s);
    *b.stop = 1;
    if (b.procs) waitpid(child, NULL, 0); else pthread_join(thread, NULL);
    zmq_close(s);
    zmq_ctx_term(ctx);
    printf("%.6g\n", value);
    return 0;
}
