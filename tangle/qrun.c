/*
 * qrun -- boot a Wakeful ISO in QEMU and turn what it says into test results.
 *
 *   qrun [-t SECONDS] [-W SECONDS] [-p PREFIX] [-e SCRIPT] [-N NUMBERS] [-l LOG] [-Q ARGS] [-T TIMES] ISO
 *
 * Without -e the ISO is a test kernel speaking the KTEST protocol on COM1
 * (book/CONVENTIONS.md, chapter 3). With -e SCRIPT it is the reader's
 * kernel, driven by a script of `serial TEXT`, `vga TEXT` and `keys KEY...`
 * lines.
 *
 * Every result is one line, `PASS PREFIX/name` or `FAIL PREFIX/name: why`,
 * so that the caller can count them. The runner believes only what the
 * kernel earned: each boot gets a fresh random token (passed to the kernel
 * through QEMU's fw_cfg device as opt/wakeful/token) that every result line
 * must carry; a result must name the test its `KTEST run` line announced;
 * the tests the kernel listed after `KTEST begin N` must number N, and each
 * that never reported (after a hang, a reset, a panic outside any test) is
 * named as not run and fails. A kernel that hangs is killed after the
 * timeout (QEMU's processor time, so that a busy host does not make a
 * slow run look like a hang; a wall-clock cap catches a guest that stops
 * dead) and the test that was running is named; a machine that resets
 * (a triple fault, with -no-reboot) is reported as a failure. The exit
 * status is 0 only if nothing failed.
 *
 * QEMU is started by tangle/qemu.sh (mode test), the one place that says
 * how; its path is compiled in (-DQEMU_SH, from the Makefile). QRUN_QEMU
 * in the environment names a program for it to run instead of QEMU (the
 * runner's own tests use a fake kernel).
 *
 * Keys go in through the QEMU monitor (`sendkey`), on a unix socket; the
 * VGA text screen is read back with `pmemsave` of 0xb8000.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef QEMU_SH
#error "compile with -DQEMU_SH='\"/path/to/tangle/qemu.sh\"' (the Makefile does)"
#endif

#define MAX_OUTPUT (1 << 20)

static const char *prefix = "qrun";
static double timeout_s = 10.0;	/* QEMU's processor time, see out_of_time */
static double wall_s;			/* wall-clock cap, 10 * timeout_s by default */
static double wall_deadline;
static char timed_out[200];		/* why the run was cut off, once it was */
static FILE *numbers;
static FILE *logf;
static FILE *times;
static char tmpdir[] = "/tmp/qrun.XXXXXX";
static pid_t qemu = -1;
static int mon = -1;

static int passed, failed;
static char token[40];		/* chosen for this boot, see make_token */
static char running[256];	/* the test the kernel last said it started */

static char serial[MAX_OUTPUT];
static size_t serial_len;
static size_t line_start;	/* start of the line not yet parsed */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void result(int ok, const char *name, const char *fmt, ...)
{
	va_list ap;

	printf("%s %s/%s", ok ? "PASS" : "FAIL", prefix, name);
	if (!ok && fmt) {
		printf(": ");
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
	}
	printf("\n");
	fflush(stdout);
	if (ok)
		passed++;
	else
		failed++;
}

static void cleanup(void)
{
	char path[512];

	if (qemu > 0) {
		kill(qemu, SIGKILL);
		waitpid(qemu, NULL, 0);
		qemu = -1;
	}
	snprintf(path, sizeof(path), "%s/mon", tmpdir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/vga", tmpdir);
	unlink(path);
	rmdir(tmpdir);
}

static void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "qrun: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	cleanup();
	exit(2);
}

/*
 * A token no kernel could have printed before this boot: 64 random bits,
 * in hex. A result line without it was not earned by this run.
 */
static void make_token(void)
{
	unsigned char b[8];
	int fd = open("/dev/urandom", O_RDONLY);
	unsigned long long x = 0;

	if (fd < 0 || read(fd, b, sizeof(b)) != (ssize_t)sizeof(b))
		die("/dev/urandom: %s", strerror(errno));
	close(fd);
	for (size_t i = 0; i < sizeof(b); i++)
		x = x << 8 | b[i];
	snprintf(token, sizeof(token), "%016llx", x);
}

/*
 * Start QEMU with COM1 on a pipe to us and the monitor on a unix socket.
 * How QEMU is started is said in one place, tangle/qemu.sh (its mode
 * `test`: no screen, COM1 on standard output, the clocks on the emulated
 * clock, the disk beside the ISO with snapshot=on); the runner adds what
 * is its own: the monitor's socket and this boot's token.
 */
static int start_qemu(const char *iso, const char *extra)
{
	int out[2];
	char monarg[600];
	static char tokarg[128];
	char *argv[64];
	int argc = 0;
	char *copy, *tok;

	if (access(iso, R_OK) != 0)
		die("%s: %s", iso, strerror(errno));
	if (access(QEMU_SH, R_OK) != 0)
		die("%s: %s (qrun starts QEMU through it)", QEMU_SH, strerror(errno));
	if (pipe(out) != 0)
		die("pipe: %s", strerror(errno));
	snprintf(monarg, sizeof(monarg), "unix:%s/mon,server=on,wait=off", tmpdir);
	argv[argc++] = "/bin/sh";
	argv[argc++] = QEMU_SH;
	argv[argc++] = "test";
	argv[argc++] = (char *)iso;
	argv[argc++] = "-monitor";
	argv[argc++] = monarg;
	/*
	 * The token of this boot, which every result line must carry. The
	 * kernel reads it through QEMU's firmware configuration device
	 * (fw_cfg, I/O ports 0x510-0x511); see chapter 3.
	 */
	snprintf(tokarg, sizeof(tokarg), "name=opt/wakeful/token,string=%s", token);
	argv[argc++] = "-fw_cfg";
	argv[argc++] = tokarg;
	copy = strdup(extra ? extra : "");
	for (tok = strtok(copy, " "); tok && argc < 62; tok = strtok(NULL, " "))
		argv[argc++] = tok;
	argv[argc] = NULL;

	qemu = fork();
	if (qemu < 0)
		die("fork: %s", strerror(errno));
	if (qemu == 0) {
		int devnull = open("/dev/null", O_RDWR);

		dup2(devnull, 0);
		dup2(out[1], 1);
		close(out[0]);
		close(out[1]);
		/* QRUN_QEMU stands in for QEMU in the runner's own tests. */
		if (getenv("QRUN_QEMU"))
			setenv("QEMU", getenv("QRUN_QEMU"), 1);
		execv(argv[0], argv);
		fprintf(stderr, "qrun: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(out[1]);
	return out[0];
}

/*
 * The monitor socket appears a moment after QEMU starts. If it never does
 * (QEMU has gone, or a fake stands in for it), keys, the screen and the
 * idle check are not available, and the expectations that need them fail.
 */
static int connect_monitor(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	static int unreachable;
	double give_up = now() + 5.0;

	if (unreachable)
		return -1;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/mon", tmpdir);
	while (now() < give_up) {
		mon = socket(AF_UNIX, SOCK_STREAM, 0);
		if (connect(mon, (struct sockaddr *)&sa, sizeof(sa)) == 0)
			return 0;
		close(mon);
		mon = -1;
		usleep(10000);
	}
	unreachable = 1;
	fprintf(stderr, "qrun: could not reach the QEMU monitor\n");
	return -1;
}

static void monitor(const char *cmd)
{
	size_t len = strlen(cmd);

	if (mon < 0 && connect_monitor() != 0)
		return;
	/* QEMU may have gone (the kernel left): then nobody is listening. */
	if (write(mon, cmd, len) != (ssize_t)len || write(mon, "\n", 1) != 1)
		return;
}

static void drain_monitor(void)
{
	char buf[4096];

	while (mon >= 0 && recv(mon, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		;
}

/*
 * Type a line of keys. All of the line's `sendkey` commands go to the
 * monitor in one write, so that QEMU's input queue paces the presses and
 * releases on the guest's clock (the 20 ms hold is emulated time), not at
 * the host's pace.
 *
 * QRUN_KEYS_LATE=N holds the keys back until the kernel has taken N more
 * interrupts: a slow host, in the kernel's own terms (under -icount with
 * sleep=off, 5000 interrupts of a 1000 Hz timer are five emulated
 * seconds, however long they took the host). It shows that no verdict
 * depends on how soon the host gets round to typing.
 */
static char pending[4096];	/* monitor commands not yet sent */
static size_t npending;
static long pending_since;	/* interrupts taken when they were asked for */
static double next_irq_look;

static long interrupts_taken(void);

static long keys_late(void)
{
	const char *late = getenv("QRUN_KEYS_LATE");

	return late ? atol(late) : 0;
}

static void queue_keys(char *keys)
{
	char *k;

	if (npending == 0 && keys_late() > 0)
		pending_since = interrupts_taken();
	for (k = strtok(keys, " \t"); k; k = strtok(NULL, " \t")) {
		int n = snprintf(pending + npending, sizeof(pending) - npending, "sendkey %s 20\n", k);

		if (n < 0 || (size_t)n >= sizeof(pending) - npending)
			die("too many keys waiting to be typed");
		npending += n;
	}
}

/* Send the queued keys if they are due; returns 1 if none are left. */
static int keys_typed(void)
{
	long late = keys_late();

	if (npending == 0)
		return 1;
	if (late > 0) {
		long irqs;

		if (now() < next_irq_look)
			return 0;
		next_irq_look = now() + 0.05;
		irqs = interrupts_taken();
		if (irqs < 0)
			return 0;	/* no answer this time: ask again */
		if (pending_since < 0) {
			pending_since = irqs;
			return 0;
		}
		if (irqs - pending_since < late)
			return 0;
	}
	pending[npending - 1] = '\0';	/* monitor() adds the last newline */
	monitor(pending);
	npending = 0;
	return 1;
}

/* Read the 80x25 text screen: one character per cell, rows joined by '\n'. */
static int read_vga(char *text, size_t size)
{
	char cmd[600], path[512];
	unsigned char cells[4000];
	FILE *f;
	size_t n, i, o = 0;

	snprintf(path, sizeof(path), "%s/vga", tmpdir);
	unlink(path);
	snprintf(cmd, sizeof(cmd), "pmemsave 0xb8000 4000 \"%s\"", path);
	monitor(cmd);
	for (i = 0; i < 100 && access(path, R_OK) != 0; i++)
		usleep(2000);
	usleep(5000);
	f = fopen(path, "rb");
	if (!f)
		return -1;
	n = fread(cells, 1, sizeof(cells), f);
	fclose(f);
	for (i = 0; i + 1 < n && o + 2 < size; i += 2) {
		unsigned char c = cells[i];

		text[o++] = (c >= 32 && c < 127) ? c : ' ';
		if ((i / 2) % 80 == 79)
			text[o++] = '\n';
	}
	text[o] = '\0';
	return 0;
}

/* ---- the KTEST protocol ---------------------------------------------- */

/*
 * What the host knows about the tests of this boot: the names the kernel
 * listed after `KTEST begin`, and what became of each. A result counts
 * only if it carries this boot's token and names the test that the last
 * `KTEST run` line announced; every listed test that never reported is
 * named at the end as not run, and counts as failed.
 */
enum { LISTED, RUNNING, REPORTED };

struct listed {
	char *name;
	int state;
};

static int begun, ended, end_checked;
static long announced = -1;	/* N of `KTEST begin N` */
static struct listed *tests;
static int ntests, cap_tests;
static int listing_over;	/* a `run` line came: the list is complete */
static int kernel_passed, kernel_failed;	/* results the kernel earned */
static const char *stop_reason;	/* why the kernel stopped early, for not-run */

static struct listed *find_test(const char *name)
{
	for (int i = 0; i < ntests; i++)
		if (strcmp(tests[i].name, name) == 0)
			return &tests[i];
	return NULL;
}

static void protocol_error(const char *name, const char *fmt, ...)
{
	char why[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	result(0, name, "%s", why);
}

/* The list is complete when the first test runs: check it against begin. */
static void close_listing(void)
{
	if (listing_over)
		return;
	listing_over = 1;
	if (begun && announced != ntests)
		protocol_error("begin", "KTEST begin announced %ld tests but the kernel listed %d",
			       announced, ntests);
}

static void on_begin(char *args)
{
	char tok[64];
	long n;

	if (begun) {
		protocol_error("begin", "a second KTEST begin (the kernel restarted?)");
		return;
	}
	if (sscanf(args, "%ld %63s", &n, tok) != 2 || n < 0) {
		protocol_error("begin", "malformed line 'KTEST begin %s'", args);
		return;
	}
	begun = 1;
	announced = n;
	if (strcmp(tok, token) != 0)
		protocol_error("begin", "KTEST begin carries token '%s', not this boot's token", tok);
}

static void on_list(const char *name)
{
	if (!begun || listing_over) {
		protocol_error(name, "listed %s", begun ? "after the tests began to run"
						  : "before KTEST begin");
		return;
	}
	if (find_test(name)) {
		protocol_error(name, "listed twice");
		return;
	}
	if (ntests == cap_tests) {
		cap_tests = cap_tests ? 2 * cap_tests : 64;
		tests = realloc(tests, cap_tests * sizeof(*tests));
		if (!tests)
			die("out of memory");
	}
	tests[ntests].name = strdup(name);
	tests[ntests].state = LISTED;
	ntests++;
}

static void on_run(const char *name)
{
	struct listed *t;

	close_listing();
	t = find_test(name);
	if (!t) {
		protocol_error(name, "KTEST run of a test the kernel did not list");
		running[0] = '\0';
		return;
	}
	if (t->state != LISTED) {
		protocol_error(name, "run a second time");
		running[0] = '\0';
		return;
	}
	if (running[0]) {
		protocol_error(running, "started but never reported a result");
		find_test(running)->state = REPORTED;
	}
	t->state = RUNNING;
	snprintf(running, sizeof(running), "%s", name);
}

/*
 * `KTEST pass TOKEN name` or `KTEST fail TOKEN name: why`. The pseudo-test
 * `boot` may fail (a panic outside any test) but never pass.
 */
static void on_result(int ok, char *args)
{
	char *tok = args, *name, *why = NULL;
	struct listed *t;

	name = strchr(args, ' ');
	if (!name) {
		protocol_error("protocol", "malformed result line '%s'", args);
		return;
	}
	*name++ = '\0';
	if (!ok) {
		why = strchr(name, ':');
		if (why) {
			*why++ = '\0';
			why += strspn(why, " ");
		}
	}
	if (strcmp(tok, token) != 0) {
		protocol_error(name, "a %s line with token '%s', not this boot's token "
			       "(output this boot did not earn)", ok ? "pass" : "fail", tok);
		t = find_test(name);
		if (t)
			t->state = REPORTED;
		return;
	}
	if (!ok && strcmp(name, "boot") == 0 && !running[0]) {
		kernel_failed++;
		result(0, name, "%s", why ? why : "failed");
		stop_reason = "a failure outside any test stopped the kernel";
		return;
	}
	t = find_test(name);
	if (!t || t->state != RUNNING || strcmp(running, name) != 0) {
		protocol_error(name, "a %s line for a test %s", ok ? "pass" : "fail",
			       !t ? "the kernel did not list"
			       : t->state == REPORTED ? "that already reported"
			       : "that was not announced with KTEST run");
		if (t)
			t->state = REPORTED;
		return;
	}
	t->state = REPORTED;
	running[0] = '\0';
	if (ok)
		kernel_passed++;
	else
		kernel_failed++;
	result(ok, name, "%s", why ? why : "failed");
}

static void on_end(char *args)
{
	char tok[64];
	int p, f;

	ended = 1;
	close_listing();
	if (sscanf(args, "%63s %d %d", tok, &p, &f) != 3) {
		protocol_error("end", "malformed line 'KTEST end %s'", args);
		return;
	}
	end_checked = 1;
	if (strcmp(tok, token) != 0)
		protocol_error("end", "KTEST end carries token '%s', not this boot's token", tok);
	else if (p != kernel_passed || f != kernel_failed)
		protocol_error("end", "KTEST end says %d passed and %d failed; the host counted %d and %d",
			       p, f, kernel_passed, kernel_failed);
}

static void ktest_line(char *line)
{
	if (strncmp(line, "KTEST ", 6) != 0)
		return;
	line += 6;
	if (ended)
		protocol_error("end", "output after KTEST end: 'KTEST %s'", line);
	else if (strncmp(line, "begin ", 6) == 0)
		on_begin(line + 6);
	else if (strncmp(line, "list ", 5) == 0)
		on_list(line + 5);
	else if (strncmp(line, "run ", 4) == 0)
		on_run(line + 4);
	else if (strncmp(line, "pass ", 5) == 0)
		on_result(1, line + 5);
	else if (strncmp(line, "fail ", 5) == 0)
		on_result(0, line + 5);
	else if (strncmp(line, "keys ", 5) == 0)
		queue_keys(line + 5);
	else if (strncmp(line, "number ", 7) == 0) {
		char key[128];
		unsigned long long v;

		if (sscanf(line + 7, "%127s %llu", key, &v) == 2 && numbers)
			fprintf(numbers, "%s\t%llu\n", key, v);
	} else if (strncmp(line, "end ", 4) == 0)
		on_end(line + 4);
}

/* Every listed test that never reported is named, and fails. */
static void report_not_run(void)
{
	if (!begun) {
		result(0, "boot", "no KTEST begin from the kernel: %s",
		       stop_reason ? stop_reason : "it never started its tests");
		return;
	}
	close_listing();
	for (int i = 0; i < ntests; i++)
		if (tests[i].state != REPORTED)
			result(0, tests[i].name, "not run: %s",
			       stop_reason ? stop_reason : "the kernel ended without running it");
}

/* Feed newly arrived serial bytes to the line parser. */
static void parse_serial(void (*on_line)(char *))
{
	char line[1024];

	for (;;) {
		char *nl = memchr(serial + line_start, '\n', serial_len - line_start);
		size_t len;

		if (!nl)
			return;
		len = nl - (serial + line_start);
		if (len >= sizeof(line))
			len = sizeof(line) - 1;
		memcpy(line, serial + line_start, len);
		line[len] = '\0';
		if (len && line[len - 1] == '\r')
			line[len - 1] = '\0';
		line_start = nl - serial + 1;
		if (on_line)
			on_line(line);
	}
}

/* The processor time QEMU has used so far, from /proc (0 if unknown). */
static double qemu_cpu(void)
{
	char path[64], buf[1024], *p;
	unsigned long long ut, st;
	FILE *f;
	size_t n;

	if (qemu <= 0)
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)qemu);
	f = fopen(path, "r");
	if (!f)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = strrchr(buf, ')');		/* the command name may hold spaces */
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
			 &ut, &st) != 2)
		return 0;
	return (double)(ut + st) / sysconf(_SC_CLK_TCK);
}

/*
 * A hang is decided by the processor time QEMU has used, not by the wall
 * clock: on a busy host QEMU gets less of the processor and a normal run
 * takes longer in wall-clock time, but no more processor time. A guest
 * that hangs spinning (or, under -icount with sleep=off, halted with a
 * timer running) uses processor time and is caught by -t; one that stops
 * dead uses none and is caught by the wall-clock cap (-W, by default ten
 * times -t).
 */
static int out_of_time(void)
{
	static double cpu, next_look;

	if (timed_out[0])
		return 1;
	/* (/proc is read every 20 ms, not after every read of the serial line) */
	if (now() >= next_look) {
		cpu = qemu_cpu();
		next_look = now() + 0.02;
	}
	if (cpu > timeout_s)
		snprintf(timed_out, sizeof(timed_out), "%.0f s of processor time", timeout_s);
	else if (now() > wall_deadline)
		snprintf(timed_out, sizeof(timed_out), "%.0f s (wall clock; %.1f s of processor time)",
			 wall_s, cpu);
	return timed_out[0] != '\0';
}

/* Wait for serial output or the deadline; returns 0 at end of output. */
static int pump(int fd, double deadline)
{
	fd_set rd;
	struct timeval tv;
	double left = deadline - now();
	ssize_t n;

	if (left <= 0)
		return 1;
	if (left > 0.05)
		left = 0.05;
	FD_ZERO(&rd);
	FD_SET(fd, &rd);
	tv.tv_sec = 0;
	tv.tv_usec = (long)(left * 1e6);
	drain_monitor();
	if (select(fd + 1, &rd, NULL, NULL, &tv) <= 0)
		return 1;
	if (serial_len >= MAX_OUTPUT - 1)
		serial_len = line_start = 0;	/* a runaway kernel: keep going */
	n = read(fd, serial + serial_len, MAX_OUTPUT - 1 - serial_len);
	if (n <= 0)
		return 0;
	if (logf)
		fwrite(serial + serial_len, 1, n, logf);
	serial_len += n;
	serial[serial_len] = '\0';
	/*
	 * A kernel that prints a lot sends a byte at a time, and waking for
	 * each byte cost the runner and QEMU much of a check's processor time
	 * in context switches. After a short read, let a millisecond's output
	 * gather in the pipe (QEMU writes on; the guest cannot tell).
	 */
	if (n < 512) {
		struct timespec ms = { 0, 1000000 };

		nanosleep(&ms, NULL);
	}
	return 1;
}

static int exit_status(void)
{
	int st;

	if (waitpid(qemu, &st, 0) < 0)
		return -1;
	qemu = -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void run_ktest(int fd)
{
	static char reason[600];
	int alive = 1, st;

	while (alive && !ended && !out_of_time()) {
		keys_typed();
		alive = pump(fd, wall_deadline);
		parse_serial(ktest_line);
	}
	if (!ended && alive) {
		snprintf(reason, sizeof(reason), "the kernel hung in %s and was killed after %s",
			 running[0] ? running : "its initialisation", timed_out);
		stop_reason = reason;
		if (running[0]) {
			result(0, running, "timed out after %s", timed_out);
			find_test(running)->state = REPORTED;
		} else if (begun) {
			result(0, "boot", "timed out after %s with no test running", timed_out);
		}
		report_not_run();
		return;
	}
	/* QEMU leaves through isa-debug-exit; give it the rest of its time. */
	while (alive && !out_of_time())
		alive = pump(fd, wall_deadline);
	parse_serial(ktest_line);
	if (alive) {
		report_not_run();
		result(0, "exit", "the kernel finished its tests but did not leave QEMU");
		return;
	}
	st = exit_status();
	if (!ended) {
		snprintf(reason, sizeof(reason),
			 "the machine reset or stopped (triple fault?) in %s; QEMU status %d",
			 running[0] ? running : "the kernel's initialisation", st);
		stop_reason = reason;
		if (running[0]) {
			result(0, running, "%s", reason);
			find_test(running)->state = REPORTED;
		} else if (begun) {
			result(0, "boot", "%s", reason);
		}
		report_not_run();
		return;
	}
	report_not_run();
	if (st != 33 && st != 35)
		result(0, "exit", "QEMU exit status %d, expected 33 (all passed) or 35", st);
	else if ((st == 33) != (kernel_failed == 0))
		result(0, "exit", "exit status %d disagrees with the results reported", st);
}

/* ---- the expect script for the reader's kernel ------------------------- */

/*
 * Ask the monitor something and read its answer, up to the next prompt.
 * Returns the answer's length (0 if QEMU did not answer in time).
 */
static size_t monitor_ask(const char *cmd, char *answer, size_t size)
{
	double give_up;
	size_t o = 0;

	drain_monitor();
	monitor(cmd);
	if (mon < 0)
		return 0;
	give_up = now() + 2.0;
	while (o + 1 < size && now() < give_up) {
		fd_set rd;
		struct timeval tv = { 0, 20000 };
		ssize_t n;

		FD_ZERO(&rd);
		FD_SET(mon, &rd);
		if (select(mon + 1, &rd, NULL, NULL, &tv) <= 0)
			continue;
		n = recv(mon, answer + o, size - 1 - o, 0);
		if (n <= 0)
			break;
		o += n;
		answer[o] = '\0';
		if (o > 8 && strstr(answer + 8, "(qemu) "))
			return o;
	}
	answer[o] = '\0';
	return 0;
}

/*
 * Is the kernel idle for good? The script's pending expectation can then
 * never come true, and waiting for the hang timeout (minutes of a wall
 * clock, for a kernel that uses no processor time) tells nobody anything.
 * Two cases are certain. A processor halted with interrupts off (`cli;
 * hlt`, the end of chapters 1-6's kernels) never runs again. A kernel
 * that takes IDLE_INTERRUPTS interrupts without printing a byte is
 * waiting for something that will not come: under -icount with
 * sleep=off its clock jumps from one timer interrupt to the next while
 * it halts, so those interrupts (thirty emulated seconds of the book's
 * 1000 Hz timer, several times longer than any reader's kernel takes
 * to say something on its own) go by in a moment. Neither depends on
 * how fast the host is: only how soon the verdict comes does.
 */
#define IDLE_INTERRUPTS 30000

static long interrupts_taken(void)
{
	char buf[8192], *p;
	long sum = 0;

	if (!monitor_ask("info irq", buf, sizeof(buf)))
		return -1;
	p = strstr(buf, "isa-i8259");
	if (!p)
		return -1;
	while ((p = strchr(p, '\n')) != NULL) {
		int irq;
		long n;

		p++;
		if (sscanf(p, " %d: %ld", &irq, &n) != 2)
			break;
		sum += n;
	}
	return sum;
}

static const char *idle_for_good(size_t bytes_seen, long *irqs_at_output)
{
	static char why[160];
	static size_t last_bytes = (size_t)-1;
	char regs[8192], *efl, *hlt;
	unsigned long flags;
	long irqs;

	if (!monitor_ask("info registers", regs, sizeof(regs)))
		return NULL;
	efl = strstr(regs, "EFL=");
	hlt = strstr(regs, "HLT=");
	if (efl && hlt && sscanf(efl + 4, "%lx", &flags) == 1 && hlt[4] == '1' &&
	    !(flags & 0x200)) {
		snprintf(why, sizeof(why), "the processor halted with interrupts off");
		return why;
	}
	irqs = interrupts_taken();
	if (irqs < 0)
		return NULL;
	if (bytes_seen != last_bytes || *irqs_at_output < 0) {
		last_bytes = bytes_seen;
		*irqs_at_output = irqs;
		return NULL;
	}
	if (irqs - *irqs_at_output >= IDLE_INTERRUPTS) {
		snprintf(why, sizeof(why), "%d interrupts went by without a byte of output",
			 IDLE_INTERRUPTS);
		return why;
	}
	return NULL;
}

/*
 * Lines the kernel prints on its own clock, named by the script's
 * `timed TEXT` lines: under -icount they land wherever the host's pace
 * puts them among the typed keys (an uptime line between the `a` and
 * the `s` of "async"). An expectation is also looked for in the output
 * with each such line cut out, together with the line breaks around it,
 * so that the text on either side joins up again.
 */
static char *timed[16];
static int ntimed;

static int is_timed(const char *line, size_t len)
{
	for (int i = 0; i < ntimed; i++) {
		size_t n = strlen(timed[i]);

		for (size_t j = 0; j + n <= len; j++)
			if (memcmp(line + j, timed[i], n) == 0)
				return 1;
	}
	return 0;
}

/*
 * Cut the timed lines out of TEXT. Where one was cut, the spaces that
 * ended the line before it (a VGA row is padded with them) become a
 * JOIN mark, which matches any run of spaces in the expectation,
 * including none.
 */
#define JOIN '\001'

static void untimed(const char *text, char *out, size_t size, int vga)
{
	size_t o = 0;

	while (*text && o + 2 < size) {
		size_t len = strcspn(text, "\n");

		if (is_timed(text, len)) {
			/* A timed line too long for one VGA row goes on in the next. */
			while (vga && len == 80 && text[79] != ' ' && text[len] == '\n') {
				size_t more = strcspn(text + 81, "\n");

				text += 81;
				len = more;
			}
			if (o > 0 && out[o - 1] == '\n')
				o--;	/* join the line before ... */
			while (o > 0 && (out[o - 1] == ' ' || out[o - 1] == '\r'))
				o--;
			if (o == 0 || out[o - 1] != JOIN)
				out[o++] = JOIN;
			text += len + (text[len] == '\n');
			continue;	/* ... to the line after */
		}
		if (len > size - 2 - o)
			len = size - 2 - o;
		memcpy(out + o, text, len);
		o += len;
		text += len;
		if (*text == '\n')
			out[o++] = *text++;
	}
	out[o] = '\0';
}

/* strstr, where a JOIN mark in TEXT stands for any run of spaces in WANT. */
static int found_in_cut(const char *text, const char *want)
{
	for (; *text; text++) {
		const char *t = text, *w = want;

		while (*w && *t) {
			if (*t == JOIN) {
				while (*w == ' ')
					w++;
				t++;
			} else if (*t == *w) {
				t++;
				w++;
			} else {
				break;
			}
		}
		while (*t == JOIN && *w == ' ')
			w++;
		if (!*w)
			return 1;
	}
	return 0;
}

static int shows(const char *text, const char *want, int vga)
{
	static char cut[MAX_OUTPUT];

	if (strstr(text, want))
		return 1;
	if (ntimed == 0)
		return 0;
	untimed(text, cut, sizeof(cut), vga);
	return found_in_cut(cut, want);
}

static void read_timed(FILE *f)
{
	char line[512];

	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "timed ", 6) == 0 && ntimed < 16)
			timed[ntimed++] = strdup(line + 6);
	}
	rewind(f);
}

/*
 * The kernel went idle; what it printed before is in the pipe, but not
 * necessarily read yet: the monitor can answer that the processor has
 * halted while the end of the kernel's last line waits behind the part
 * the runner read last (chapter 4's kernel prints its breakpoint report
 * and halts at once). Read until the pipe is empty, so that the verdict
 * is taken on everything the kernel said.
 */
static void drain_serial(int fd)
{
	size_t before;

	do {
		before = serial_len;
		if (!pump(fd, now() + 0.05))
			break;
	} while (serial_len != before);
}

static void run_script(int fd, const char *script)
{
	FILE *f = fopen(script, "r");
	char line[512], name[600], screen[4200];
	const char *idle = NULL;
	int lineno = 0, alive = 1;
	long irqs_at_output = -1;

	if (!f)
		die("%s: %s", script, strerror(errno));
	read_timed(f);
	while (fgets(line, sizeof(line), f)) {
		char *arg;
		int is_vga, found = 0;
		double next_look = now() + 0.5;

		lineno++;
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '\0' || line[0] == '#' || strncmp(line, "timed ", 6) == 0)
			continue;
		arg = strchr(line, ' ');
		arg = arg ? arg + 1 : line + strlen(line);
		if (strncmp(line, "keys ", 5) == 0) {
			queue_keys(arg);
			while (alive && !idle && !keys_typed() && !out_of_time())
				alive = pump(fd, wall_deadline);
			npending = 0;
			irqs_at_output = -1;	/* the kernel has something to do */
			continue;
		}
		is_vga = strncmp(line, "vga ", 4) == 0;
		if (!is_vga && strncmp(line, "serial ", 7) != 0)
			die("%s:%d: unknown command '%s'", script, lineno, line);
		snprintf(name, sizeof(name), "boot:%d %s \"%s\"", lineno, is_vga ? "vga" : "serial", arg);
		while (!found && !out_of_time()) {
			if (is_vga) {
				if (alive && read_vga(screen, sizeof(screen)) == 0 && shows(screen, arg, 1))
					found = 1;
			} else if (shows(serial, arg, 0)) {
				found = 1;
			}
			if (found || idle || !alive)
				break;
			alive = pump(fd, wall_deadline);
			if (alive && now() >= next_look) {
				idle = idle_for_good(serial_len, &irqs_at_output);
				if (idle)
					drain_serial(fd);
				next_look = now() + 0.5;
			}
		}
		if (found) {
			result(1, name, NULL);
		} else if (idle) {
			result(0, name, "the kernel went idle waiting for it: %s", idle);
		} else if (is_vga) {
			char last[200] = "";

			if (read_vga(screen, sizeof(screen)) == 0) {
				char *s = screen;
				snprintf(last, sizeof(last), "%.*s", (int)strcspn(s, "\n"), s);
			}
			result(0, name, "not on the screen after %s (top row: \"%s\")",
			       timed_out[0] ? timed_out : "QEMU stopped", last);
		} else {
			result(0, name, "not on COM1 after %s (%zu bytes arrived)",
			       timed_out[0] ? timed_out : "QEMU stopped", serial_len);
		}
	}
	fclose(f);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: qrun [-t SECONDS] [-W SECONDS] [-p PREFIX] [-e SCRIPT] [-N NUMBERS] [-l LOG] [-Q QEMU-ARGS] [-T TIMES] ISO\n"
		"  -t  kill the machine after SECONDS of QEMU's processor time (default 10)\n"
		"      and report the running test\n"
		"  -W  ... or after SECONDS of wall-clock time (default 10 times -t)\n"
		"  -p  prefix for result names (e.g. ch03)\n"
		"  -e  drive the reader's kernel with a script of serial/vga/keys/timed lines\n"
		"  -N  append measurements (KTEST number) to NUMBERS as key<TAB>value\n"
		"  -l  write everything the kernel printed on COM1 to LOG\n"
		"  -Q  extra QEMU arguments, space separated (e.g. \"-icount shift=0,sleep=off\")\n"
		"  -T  append PREFIX, kind, wall seconds, QEMU's CPU seconds and the timeout to TIMES\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *script = NULL, *extra = NULL;
	double started;
	int opt, fd;

	while ((opt = getopt(argc, argv, "t:p:e:N:l:Q:T:W:h")) != -1) {
		switch (opt) {
		case 't': timeout_s = atof(optarg); break;
		case 'W': wall_s = atof(optarg); break;
		case 'p': prefix = optarg; break;
		case 'e': script = optarg; break;
		case 'N':
			numbers = fopen(optarg, "a");
			if (!numbers)
				die("%s: %s", optarg, strerror(errno));
			break;
		case 'l':
			logf = fopen(optarg, "w");
			if (!logf)
				die("%s: %s", optarg, strerror(errno));
			break;
		case 'Q': extra = optarg; break;
		case 'T':
			times = fopen(optarg, "a");
			if (!times)
				die("%s: %s", optarg, strerror(errno));
			break;
		default: usage();
		}
	}
	if (optind != argc - 1)
		usage();
	signal(SIGPIPE, SIG_IGN);
	if (!mkdtemp(tmpdir))
		die("mkdtemp: %s", strerror(errno));
	make_token();
	started = now();
	if (wall_s <= 0)
		wall_s = 10 * timeout_s;
	wall_deadline = started + wall_s;
	fd = start_qemu(argv[optind], extra);
	if (script)
		run_script(fd, script);
	else
		run_ktest(fd);
	cleanup();
	/*
	 * Not a result: how long the run took, for choosing timeouts. The
	 * processor time QEMU used is what the run costs on an idle machine;
	 * the wall-clock time grows with the load.
	 */
	if (times) {
		struct rusage ru;

		getrusage(RUSAGE_CHILDREN, &ru);
		fprintf(times, "%s\t%s\t%.1f\t%.1f\t%.0f\n", prefix, script ? "script" : "ktest",
			now() - started,
			ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
			(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6, timeout_s);
		fclose(times);
	}
	if (numbers)
		fclose(numbers);
	if (logf)
		fclose(logf);
	if (passed + failed == 0) {
		result(0, "boot", "no test result came from the kernel");
	}
	return failed ? 1 : 0;
}
