/* panda-pid1: the box's pid 1, which reports how the program really ended.
 *
 *     panda-pid1 STATUS_FD -- PROGRAM [ARG...]
 *
 * bwrap runs it with --as-pid-1 in place of its own reaper. It forks the
 * program, reaps every orphan of the box, and when the program ends writes
 * one JSON line to STATUS_FD: {"program-exit": N} or {"program-signal": N},
 * or {"exec-error": ERRNO} when the program could not be started. bwrap
 * itself only passes on "128+N", which a program calling exit(128+N) also
 * gives. Exiting ends the box: the kernel kills what is left in the pid
 * namespace when its pid 1 dies.
 *
 * STATUS_FD is close-on-exec (the program never holds it) and this process
 * is not dumpable, so the program cannot reach the fd through /proc/1/fd.
 * As the namespace's init it ignores every signal sent from inside the box.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#define SETUP_FAILED 125

int main(int argc, char **argv) {
    if (argc < 4 || strcmp(argv[2], "--") != 0) {
        fprintf(stderr, "usage: panda-pid1 STATUS_FD -- PROGRAM [ARG...]\n");
        return SETUP_FAILED;
    }
    int status_fd = atoi(argv[1]);
    int exec_pipe[2];
    if (prctl(PR_SET_DUMPABLE, 0) != 0 || fcntl(status_fd, F_SETFD, FD_CLOEXEC) != 0 ||
        pipe2(exec_pipe, O_CLOEXEC) != 0) {
        perror("panda-pid1: setup");
        return SETUP_FAILED;
    }
    pid_t program = fork();
    if (program < 0) {
        perror("panda-pid1: fork");
        return SETUP_FAILED;
    }
    if (program == 0) {
        close(exec_pipe[0]);
        execvp(argv[3], argv + 3);
        int error = errno; /* exec failed: tell pid 1, which reports it */
        (void)!write(exec_pipe[1], &error, sizeof error);
        _exit(127);
    }
    close(exec_pipe[1]);
    int error;
    if (read(exec_pipe[0], &error, sizeof error) == sizeof error) {
        dprintf(status_fd, "{\"exec-error\": %d}\n", error);
        fprintf(stderr, "panda-pid1: cannot run %s: %s\n", argv[3], strerror(error));
    }
    close(exec_pipe[0]);
    for (;;) {
        int status;
        pid_t pid = waitpid(-1, &status, 0); /* the program, and any orphan */
        if (pid < 0) {
            if (errno == EINTR)
                continue;
            return SETUP_FAILED;
        }
        if (pid != program)
            continue;
        if (WIFSIGNALED(status)) {
            dprintf(status_fd, "{\"program-signal\": %d}\n", WTERMSIG(status));
            return 128 + WTERMSIG(status);
        }
        dprintf(status_fd, "{\"program-exit\": %d}\n", WEXITSTATUS(status));
        return WEXITSTATUS(status);
    }
}
