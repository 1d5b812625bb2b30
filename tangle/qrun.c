/*
 * qrun -- boot a Wakeful ISO in QEMU and turn what it says into test results.
 *
 *   qrun [-t SECONDS] [-p PREFIX] [-e SCRIPT] [-N NUMBERS] [-l LOG] [-Q ARGS] ISO
 *
 * Without -e the ISO is a test kernel speaking the KTEST protocol on COM1
 * (book/CONVENTIONS.md). With -e SCRIPT it is the reader's kernel, driven by
 * a script of `serial TEXT`, `vga TEXT` and `keys KEY...` lines.
 *
 * Every result is one line, `PASS PREFIX/name` or `FAIL PREFIX/name: why`,
 * so that the caller can count them. A kernel that hangs is killed after
 * the timeout and the test that was running is named; a machine that
 * resets (a triple fault, with -no-reboot) is reported as a failure. The
 * exit status is 0 only if nothing failed.
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
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_OUTPUT (1 << 20)

static const char *prefix = "qrun";
static double timeout_s = 10.0;
static FILE *numbers;
static FILE *logf;
static char tmpdir[] = "/tmp/qrun.XXXXXX";
static pid_t qemu = -1;
static int mon = -1;

static int passed, failed;
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

/* Start QEMU with COM1 on a pipe to us and the monitor on a unix socket. */
static int start_qemu(const char *iso, const char *extra)
{
	int out[2];
	char monarg[600];
	char *argv[64];
	int argc = 0;
	char *copy, *tok;

	if (access(iso, R_OK) != 0)
		die("%s: %s", iso, strerror(errno));
	if (pipe(out) != 0)
		die("pipe: %s", strerror(errno));
	snprintf(monarg, sizeof(monarg), "unix:%s/mon,server=on,wait=off", tmpdir);
	argv[argc++] = "qemu-system-i386";
	argv[argc++] = "-cdrom";
	argv[argc++] = (char *)iso;
	argv[argc++] = "-boot";
	argv[argc++] = "d";
	/*
	 * -nodefaults: no floppy, network card or parallel port. Without them
	 * the firmware has nothing to probe and time out on, which matters under
	 * -icount, where every busy-wait costs emulated instructions.
	 */
	argv[argc++] = "-nodefaults";
	argv[argc++] = "-vga";
	argv[argc++] = "std";
	argv[argc++] = "-m";
	argv[argc++] = "128";
	argv[argc++] = "-serial";
	argv[argc++] = "stdio";
	argv[argc++] = "-display";
	argv[argc++] = "none";
	argv[argc++] = "-monitor";
	argv[argc++] = monarg;
	argv[argc++] = "-device";
	argv[argc++] = "isa-debug-exit,iobase=0xf4,iosize=0x04";
	argv[argc++] = "-no-reboot";
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
		execvp(argv[0], argv);
		fprintf(stderr, "qrun: cannot run qemu-system-i386: %s\n", strerror(errno));
		_exit(127);
	}
	close(out[1]);
	return out[0];
}

/* The monitor socket appears a moment after QEMU starts. */
static void connect_monitor(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	double give_up = now() + 5.0;

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/mon", tmpdir);
	while (now() < give_up) {
		mon = socket(AF_UNIX, SOCK_STREAM, 0);
		if (connect(mon, (struct sockaddr *)&sa, sizeof(sa)) == 0)
			return;
		close(mon);
		mon = -1;
		usleep(10000);
	}
	die("could not reach the QEMU monitor");
}

static void monitor(const char *cmd)
{
	size_t len = strlen(cmd);

	if (mon < 0)
		connect_monitor();
	if (write(mon, cmd, len) != (ssize_t)len || write(mon, "\n", 1) != 1)
		die("monitor write failed: %s", strerror(errno));
}

static void drain_monitor(void)
{
	char buf[4096];

	while (mon >= 0 && recv(mon, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		;
}

static void send_keys(char *keys)
{
	char cmd[128];
	char *k;

	for (k = strtok(keys, " \t"); k; k = strtok(NULL, " \t")) {
		snprintf(cmd, sizeof(cmd), "sendkey %s 20", k);
		monitor(cmd);
		usleep(30000);	/* let QEMU press and release it */
	}
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

static int ended;

static void ktest_line(char *line)
{
	char *p;

	if (strncmp(line, "KTEST ", 6) != 0)
		return;
	line += 6;
	if (strncmp(line, "run ", 4) == 0) {
		snprintf(running, sizeof(running), "%s", line + 4);
	} else if (strncmp(line, "pass ", 5) == 0) {
		result(1, line + 5, NULL);
		running[0] = '\0';
	} else if (strncmp(line, "fail ", 5) == 0) {
		p = strchr(line + 5, ':');
		if (p)
			*p++ = '\0';
		result(0, line + 5, "%s", p ? p + strspn(p, " ") : "failed");
		running[0] = '\0';
	} else if (strncmp(line, "keys ", 5) == 0) {
		send_keys(line + 5);
	} else if (strncmp(line, "number ", 7) == 0) {
		char key[128];
		unsigned long long v;

		if (sscanf(line + 7, "%127s %llu", key, &v) == 2 && numbers)
			fprintf(numbers, "%s\t%llu\n", key, v);
	} else if (strncmp(line, "end", 3) == 0) {
		ended = 1;
	}
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
	double deadline = now() + timeout_s;
	int alive = 1, st;

	while (alive && !ended && now() < deadline) {
		alive = pump(fd, deadline);
		parse_serial(ktest_line);
	}
	if (!ended && alive) {
		result(0, running[0] ? running : "boot", "timed out after %.0f s while running %s",
		       timeout_s, running[0] ? running : "the kernel (no test had started)");
		return;
	}
	/* Give QEMU a moment to leave through isa-debug-exit. */
	deadline = now() + 2.0;
	while (alive && now() < deadline)
		alive = pump(fd, deadline);
	parse_serial(ktest_line);
	if (alive) {
		result(0, "exit", "the kernel finished its tests but did not leave QEMU");
		return;
	}
	st = exit_status();
	if (!ended) {
		result(0, running[0] ? running : "boot",
		       "the machine reset or stopped (triple fault?) while running %s; QEMU status %d",
		       running[0] ? running : "the kernel", st);
		return;
	}
	if (st != 33 && st != 35)
		result(0, "exit", "QEMU exit status %d, expected 33 (all passed) or 35", st);
	else if ((st == 33) != (failed == 0))
		result(0, "exit", "exit status %d disagrees with the results reported", st);
}

/* ---- the expect script for the reader's kernel ------------------------- */

static void run_script(int fd, const char *script)
{
	FILE *f = fopen(script, "r");
	char line[512], name[600], screen[4200];
	double deadline = now() + timeout_s;
	int lineno = 0, alive = 1;

	if (!f)
		die("%s: %s", script, strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		char *arg;
		int is_vga, found = 0;

		lineno++;
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '\0' || line[0] == '#')
			continue;
		arg = strchr(line, ' ');
		arg = arg ? arg + 1 : line + strlen(line);
		if (strncmp(line, "keys ", 5) == 0) {
			send_keys(arg);
			continue;
		}
		is_vga = strncmp(line, "vga ", 4) == 0;
		if (!is_vga && strncmp(line, "serial ", 7) != 0)
			die("%s:%d: unknown command '%s'", script, lineno, line);
		snprintf(name, sizeof(name), "boot:%d %s \"%s\"", lineno, is_vga ? "vga" : "serial", arg);
		while (!found && now() < deadline) {
			if (is_vga) {
				if (alive && read_vga(screen, sizeof(screen)) == 0 && strstr(screen, arg))
					found = 1;
			} else if (strstr(serial, arg)) {
				found = 1;
			}
			if (!found && alive)
				alive = pump(fd, deadline);
			else if (!found)
				break;
		}
		if (found) {
			result(1, name, NULL);
		} else if (is_vga) {
			char last[200] = "";

			if (read_vga(screen, sizeof(screen)) == 0) {
				char *s = screen;
				snprintf(last, sizeof(last), "%.*s", (int)strcspn(s, "\n"), s);
			}
			result(0, name, "not on the screen after %.0f s (top row: \"%s\")", timeout_s, last);
		} else {
			result(0, name, "not on COM1 after %.0f s (%zu bytes arrived)", timeout_s, serial_len);
		}
	}
	fclose(f);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: qrun [-t SECONDS] [-p PREFIX] [-e SCRIPT] [-N NUMBERS] [-l LOG] [-Q QEMU-ARGS] ISO\n"
		"  -t  kill the machine after SECONDS (default 10) and report the running test\n"
		"  -p  prefix for result names (e.g. ch03)\n"
		"  -e  drive the reader's kernel with a script of serial/vga/keys lines\n"
		"  -N  append measurements (KTEST number) to NUMBERS as key<TAB>value\n"
		"  -l  write everything the kernel printed on COM1 to LOG\n"
		"  -Q  extra QEMU arguments, space separated (e.g. \"-icount shift=0,sleep=off\")\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *script = NULL, *extra = NULL;
	int opt, fd;

	while ((opt = getopt(argc, argv, "t:p:e:N:l:Q:h")) != -1) {
		switch (opt) {
		case 't': timeout_s = atof(optarg); break;
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
		default: usage();
		}
	}
	if (optind != argc - 1)
		usage();
	signal(SIGPIPE, SIG_IGN);
	if (!mkdtemp(tmpdir))
		die("mkdtemp: %s", strerror(errno));
	fd = start_qemu(argv[optind], extra);
	if (script)
		run_script(fd, script);
	else
		run_ktest(fd);
	cleanup();
	if (numbers)
		fclose(numbers);
	if (logf)
		fclose(logf);
	if (passed + failed == 0) {
		result(0, "boot", "no test result came from the kernel");
	}
	return failed ? 1 : 0;
}
