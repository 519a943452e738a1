/* panda-boxd: a box's pid 1, started once per box, that starts each run on request.
 *
 *     panda-boxd SOCKET_FD
 *
 * bwrap builds the box (namespaces, mounts, seccomp filter, no capabilities)
 * once, when the box is prepared ahead of any submission, and runs this as
 * the pid namespace's init (--as-pid-1). Each run is then one fork and one
 * exec instead of a new bwrap. The judge talks to it over a SOCK_SEQPACKET
 * socket pair, one message a datagram:
 *
 *   judge -> boxd  "run" NRLIMITS RESOURCE=VALUE... ARGC ARG... ENVC NAME=VALUE...
 *                  (fields NUL-terminated) with stdin, stdout, stderr as SCM_RIGHTS
 *   child -> judge "ready"   the run's process, set up and waiting; the judge
 *                            reads its host pid from SCM_CREDENTIALS and moves
 *                            it into the run's cgroup
 *   judge -> boxd  "go"      release it: it execs the program
 *   boxd -> judge  "exit N" | "signal N" | "exec-error ERRNO" | "error ERRNO WHAT"
 *
 * Nothing a run leaves reaches the next: the judge kills the run's cgroup and
 * resets /box; before each run this empties /tmp and /dev/shm and removes
 * System V IPC objects (the only other state in the box's namespaces). EOF on
 * the socket (the judge closed the box, or died) ends this process, and the
 * kernel then kills whatever is left in the pid namespace.
 *
 * The socket is close-on-exec (a program never holds it) and this process is
 * not dumpable, so a program cannot reach it through /proc/1/fd. As the
 * namespace's init it ignores every signal sent from inside the box.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SETUP_FAILED 125
#define MAX_MESSAGE 65536
#define MAX_FIELDS 4096
#define MAX_DEPTH 64 /* deeper leftovers stay until the box is closed */
#define EXEC_BUSY_RETRIES 200 /* 1 ms apart */

extern char **environ;

static int sock = -1;
static pid_t program = 0; /* the run in progress (0: none) */
static int go_write = -1, exec_read = -1;

static void say(const char *format, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *format, ...) {
    char text[256];
    va_list args;
    va_start(args, format);
    int length = vsnprintf(text, sizeof text, format, args);
    va_end(args);
    (void)!send(sock, text, (size_t)length, MSG_NOSIGNAL);
}

static void close_fd(int *fd) {
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

/* Removes everything under the directory DIR_FD (closed here), links never followed. */
static void empty_dir(int dir_fd, int depth) {
    DIR *dir = fdopendir(dir_fd);
    if (dir == NULL) {
        close(dir_fd);
        return;
    }
    for (int removed = 1; removed;) { /* again until a pass finds nothing to remove */
        removed = 0;
        rewinddir(dir);
        struct dirent *entry;
        while ((entry = readdir(dir)) != NULL) {
            const char *name = entry->d_name;
            if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
                continue;
            if (unlinkat(dirfd(dir), name, 0) == 0) {
                removed = 1;
                continue;
            }
            if (errno != EISDIR || depth >= MAX_DEPTH)
                continue;
            /* A directory the program made unreadable is still its own: open it up. */
            int child = openat(dirfd(dir), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (child < 0 && fchmodat(dirfd(dir), name, 0700, 0) == 0)
                child = openat(dirfd(dir), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (child < 0)
                continue;
            fchmod(child, 0700);
            empty_dir(child, depth + 1);
            if (unlinkat(dirfd(dir), name, AT_REMOVEDIR) == 0)
                removed = 1;
        }
    }
    closedir(dir);
}

static void empty_path(const char *path, mode_t mode) {
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return;
    fchmod(fd, mode); /* a program may have locked its owner out */
    empty_dir(fd, 0);
}

/* Removes every System V IPC object listed in /proc/sysvipc/KIND (second column: the id). */
static void remove_ipc(const char *kind, int (*remove)(int)) {
    char path[64];
    snprintf(path, sizeof path, "/proc/sysvipc/%s", kind);
    FILE *list = fopen(path, "re");
    if (list == NULL)
        return;
    char line[512];
    if (fgets(line, sizeof line, list) != NULL) /* the header */
        while (fgets(line, sizeof line, list) != NULL) {
            int id;
            if (sscanf(line, "%*d %d", &id) == 1)
                remove(id);
        }
    fclose(list);
}

static int remove_shm(int id) { return shmctl(id, IPC_RMID, NULL); }
static int remove_msg(int id) { return msgctl(id, IPC_RMID, NULL); }
static int remove_sem(int id) { return semctl(id, 0, IPC_RMID); }

static void clean_box(void) {
    empty_path("/tmp", 01777);
    empty_path("/dev/shm", 01777);
    remove_ipc("shm", remove_shm);
    remove_ipc("msg", remove_msg);
    remove_ipc("sem", remove_sem);
}

/* Parses a decimal field; -1 when it is not one. */
static long number(const char *text) {
    char *end;
    errno = 0;
    long value = strtol(text, &end, 10);
    return (errno != 0 || end == text || *end != '\0' || value < 0) ? -1 : value;
}

/* The run's process, before exec: never returns. */
static void become_program(int fds[3], char **rlimit_fields, long nrlimits, char **argv, char **envp,
                           int go_read, int exec_write) {
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL); /* this process blocked SIGCHLD for its signalfd */
    int error = 0;
    for (int i = 0; i < 3 && error == 0; i++)
        if (dup2(fds[i], i) < 0) /* dup2 clears close-on-exec on 0, 1, 2 */
            error = errno;
    for (long i = 0; i < nrlimits && error == 0; i++) {
        struct rlimit limit;
        int resource;
        unsigned long long value;
        if (sscanf(rlimit_fields[i], "%d=%llu", &resource, &value) != 2) {
            error = EINVAL;
            break;
        }
        limit.rlim_cur = limit.rlim_max = value;
        if (setrlimit(resource, &limit) != 0)
            error = errno;
    }
    if (error == 0) {
        (void)!send(sock, "ready", 5, MSG_NOSIGNAL);
        char go;
        if (read(go_read, &go, 1) != 1) /* the judge gave up on this run */
            _exit(SETUP_FAILED);
        environ = envp; /* execvp searches the run's own PATH */
        for (int attempt = 0;; attempt++) {
            execvp(argv[0], argv);
            if (errno != ETXTBSY || attempt == EXEC_BUSY_RETRIES)
                break;
            /* The judge has just written the program: a fork in another of its
             * threads may hold the file open until that child execs. */
            struct timespec pause = {0, 1000000};
            nanosleep(&pause, NULL);
        }
        error = errno;
    }
    (void)!write(exec_write, &error, sizeof error);
    _exit(127);
}

static void start_run(char **fields, int count, int fds[3]) {
    /* "run" NRLIMITS RLIMIT... ARGC ARG... ENVC ENV... */
    int at = 1;
    long nrlimits = at < count ? number(fields[at]) : -1;
    char **rlimit_fields = fields + at + 1;
    at += 1 + (nrlimits < 0 ? 0 : nrlimits);
    long argc = at < count ? number(fields[at]) : -1;
    char **argv = fields + at + 1;
    at += 1 + (argc < 0 ? 0 : argc);
    long envc = at < count ? number(fields[at]) : -1;
    char **envp = fields + at + 1;
    at += 1 + (envc < 0 ? 0 : envc);
    if (nrlimits < 0 || argc < 1 || envc < 0 || at != count) {
        say("error %d request", EINVAL);
        return;
    }
    if (program != 0) {
        say("error %d busy", EBUSY);
        return;
    }
    /* The fields are consecutive NUL-terminated strings: each list ends where
     * the next count begins, which becomes its NULL terminator here. */
    argv[argc] = NULL;
    envp[envc] = NULL;
    clean_box();
    int go[2], exec_error[2];
    if (pipe2(go, O_CLOEXEC) != 0) {
        say("error %d pipe", errno);
        return;
    }
    if (pipe2(exec_error, O_CLOEXEC) != 0) {
        say("error %d pipe", errno);
        close(go[0]);
        close(go[1]);
        return;
    }
    pid_t pid = fork();
    if (pid == 0) {
        close(go[1]);
        close(exec_error[0]);
        become_program(fds, rlimit_fields, nrlimits, argv, envp, go[0], exec_error[1]);
    }
    close(go[0]);
    close(exec_error[1]);
    if (pid < 0) {
        say("error %d fork", errno);
        close(go[1]);
        close(exec_error[0]);
        return;
    }
    program = pid;
    go_write = go[1];
    exec_read = exec_error[0];
}

/* Reads one request; 0 when the judge has gone (EOF). */
static int serve(void) {
    static char buffer[MAX_MESSAGE + 1];
    char control[CMSG_SPACE(3 * sizeof(int))];
    struct iovec data = {buffer, MAX_MESSAGE};
    struct msghdr message = {.msg_iov = &data, .msg_iovlen = 1, .msg_control = control,
                             .msg_controllen = sizeof control};
    ssize_t size = recvmsg(sock, &message, MSG_CMSG_CLOEXEC);
    if (size < 0)
        return errno == EINTR || errno == EAGAIN;
    if (size == 0)
        return 0;
    int fds[3] = {-1, -1, -1}, nfds = 0;
    for (struct cmsghdr *header = CMSG_FIRSTHDR(&message); header; header = CMSG_NXTHDR(&message, header))
        if (header->cmsg_level == SOL_SOCKET && header->cmsg_type == SCM_RIGHTS) {
            int received = (int)((header->cmsg_len - CMSG_LEN(0)) / sizeof(int));
            int *passed = (int *)CMSG_DATA(header);
            for (int i = 0; i < received; i++) {
                if (nfds < 3)
                    fds[nfds++] = passed[i];
                else
                    close(passed[i]);
            }
        }
    buffer[size] = '\0';
    char *fields[MAX_FIELDS];
    int count = 0;
    for (char *field = buffer; field < buffer + size && count < MAX_FIELDS; field += strlen(field) + 1)
        fields[count++] = field;
    if (message.msg_flags & (MSG_TRUNC | MSG_CTRUNC) || count == MAX_FIELDS)
        say("error %d request", E2BIG);
    else if (strcmp(fields[0], "run") == 0 && nfds == 3)
        start_run(fields, count, fds);
    else if (strcmp(fields[0], "go") == 0 && go_write >= 0) {
        (void)!write(go_write, "g", 1);
        close_fd(&go_write);
    } else
        say("error %d request", EINVAL);
    for (int i = 0; i < nfds; i++)
        close(fds[i]);
    return 1;
}

/* Reaps every child that has ended (the run, and orphans it left); reports the run. */
static void reap(void) {
    int status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        if (pid != program)
            continue;
        int error;
        if (read(exec_read, &error, sizeof error) == sizeof error)
            say("exec-error %d", error);
        else if (WIFSIGNALED(status))
            say("signal %d", WTERMSIG(status));
        else
            say("exit %d", WEXITSTATUS(status));
        program = 0;
        close_fd(&go_write);
        close_fd(&exec_read);
    }
}

int main(int argc, char **argv) {
    if (argc != 2 || (sock = (int)number(argv[1])) < 0) {
        fprintf(stderr, "usage: panda-boxd SOCKET_FD\n");
        return SETUP_FAILED;
    }
    sigset_t child_ended;
    sigemptyset(&child_ended);
    sigaddset(&child_ended, SIGCHLD);
    int signals;
    if (prctl(PR_SET_DUMPABLE, 0) != 0 || fcntl(sock, F_SETFD, FD_CLOEXEC) != 0 ||
        sigprocmask(SIG_BLOCK, &child_ended, NULL) != 0 ||
        (signals = signalfd(-1, &child_ended, SFD_CLOEXEC | SFD_NONBLOCK)) < 0) {
        perror("panda-boxd: setup");
        return SETUP_FAILED;
    }
    struct pollfd watched[2] = {{.fd = sock, .events = POLLIN}, {.fd = signals, .events = POLLIN}};
    for (;;) {
        if (poll(watched, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            return SETUP_FAILED;
        }
        if (watched[1].revents) {
            struct signalfd_siginfo info;
            while (read(signals, &info, sizeof info) == sizeof info)
                ;
            reap();
        }
        if (watched[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            if (!serve())
                return 0;
        }
    }
}
