/* panda-launch: runs a command as a box's uid under the run's rlimits.
 *
 *     panda-launch UID RESOURCE=VALUE... -- COMMAND [ARG...]
 *
 * RESOURCE is an RLIMIT_* number, VALUE its soft and hard limit. The judge
 * execs this (as root) in place of a preexec_fn, which would make Python
 * fork its whole memory map instead of using vfork, and of prlimit(1) +
 * setpriv(1), two dynamically linked execs. The limits are set on this
 * process itself (prlimit(2) on another process needs CAP_SYS_RESOURCE),
 * then groups, gid and uid (real, effective and saved) are dropped to UID.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#define LAUNCH_FAILED 126

static unsigned long long number(const char *text, const char *what) {
    char *end;
    errno = 0;
    unsigned long long value = strtoull(text, &end, 10);
    if (errno != 0 || end == text || (*end != '\0' && *end != '=')) {
        fprintf(stderr, "panda-launch: bad %s: %s\n", what, text);
        exit(LAUNCH_FAILED);
    }
    return value;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: panda-launch UID RESOURCE=VALUE... -- COMMAND [ARG...]\n");
        return LAUNCH_FAILED;
    }
    uid_t uid = (uid_t)number(argv[1], "uid");
    int arg = 2;
    for (; arg < argc && strcmp(argv[arg], "--") != 0; arg++) {
        char *value = strchr(argv[arg], '=');
        if (value == NULL) {
            fprintf(stderr, "panda-launch: not RESOURCE=VALUE: %s\n", argv[arg]);
            return LAUNCH_FAILED;
        }
        struct rlimit limit;
        limit.rlim_cur = limit.rlim_max = number(value + 1, "limit");
        if (setrlimit((int)number(argv[arg], "resource"), &limit) != 0) {
            perror("panda-launch: setrlimit");
            return LAUNCH_FAILED;
        }
    }
    if (arg + 1 >= argc) {
        fprintf(stderr, "panda-launch: no command\n");
        return LAUNCH_FAILED;
    }
    if (setgroups(0, NULL) != 0 || setresgid(uid, uid, uid) != 0 || setresuid(uid, uid, uid) != 0) {
        perror("panda-launch: dropping to the box uid");
        return LAUNCH_FAILED;
    }
    execv(argv[arg + 1], argv + arg + 1);
    perror("panda-launch: exec");
    return LAUNCH_FAILED;
}
