/*
 * runstat.c - the process runner of `make bench`: runs one command and reports its
 * whole-process wall time, CPU time and peak RSS.
 *
 *   runstat RESULT-FILE TIMEOUT-SECONDS COMMAND [ARG...]
 *
 * Writes one line to RESULT-FILE: "wall_s cpu_s maxrss_kib status timed_out", where status is
 * the exit code, or 128 + the signal number. The command inherits stdin, stdout and stderr.
 * TIMEOUT-SECONDS > 0 arms alarm() in the child before exec, so a run that hangs is ended by
 * SIGALRM (reported as timed_out 1).
 *
 * Why not time the command from Python directly: a child forked by a large process starts
 * with that process's memory counted as its own, and Linux keeps the larger of the two in
 * ru_maxrss across exec, so every command run from a 25 MiB Python reported >= 25 MiB. This
 * runner is small, so the peak RSS of its child is the command's own.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* wait4 is BSD/GNU, not POSIX: declared here so the file builds with -D_POSIX_C_SOURCE. */
pid_t wait4(pid_t pid, int *status, int options, struct rusage *rusage);

static double seconds(struct timeval tv)
{
    return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: runstat RESULT-FILE TIMEOUT-SECONDS COMMAND [ARG...]\n");
        return 2;
    }
    unsigned timeout = (unsigned)strtoul(argv[2], NULL, 10);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid < 0) {
        perror("runstat: fork");
        return 1;
    }
    if (pid == 0) {
        if (timeout > 0)
            alarm(timeout);
        execvp(argv[3], argv + 3);
        perror(argv[3]);
        _exit(127);
    }
    int status = 0;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0) {
        perror("runstat: wait4");
        return 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double wall = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    int timed_out = WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM;
    FILE *out = fopen(argv[1], "w");
    if (!out) {
        perror(argv[1]);
        return 1;
    }
    fprintf(out, "%.6f %.6f %ld %d %d\n", wall, seconds(ru.ru_utime) + seconds(ru.ru_stime),
            ru.ru_maxrss, code, timed_out);
    return fclose(out) == 0 ? 0 : 1;
}
