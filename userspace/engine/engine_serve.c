// SPDX-License-Identifier: GPL-2.0
/*
 * One engine for tpm2-tss, either behind stdin/stdout for the "cmd" TCTI:
 *
 *   tpm2_getrandom -T "cmd:./engine_serve --startup-clear" 16
 *
 * (each command is read as framed by its header's commandSize and answered
 * on stdout; every tool run starts a new engine), or on a TCP port with
 * swtpm's socket protocol, for the "swtpm" TCTI, so that one engine keeps
 * its state across tool runs:
 *
 *   ./engine_serve --startup-clear --tcp 2321 &
 *   tpm2_createprimary -T swtpm:port=2321 -c primary.ctx
 *
 * On the command port a client connects and sends commands either raw
 * (tpm2-tss: one command, its response, close) or framed as the TCG
 * simulator frames them (TPM_SEND_COMMAND, locality, size, command; the
 * answer: size, response, 0), as many as it likes. The control port (the
 * next one) answers CMD_INIT (a power cycle, as `swtpm_ioctl --tcp :2322
 * -i` sends it), CMD_SET_LOCALITY (the TCTI sends it first) and
 * CMD_SHUTDOWN, which stops the server; other control commands get an
 * error. --startup-clear sends
 * TPM2_Startup(CLEAR) once at the start, as swtpm's startup-clear flag
 * does; after a power cycle the client sends its own TPM2_Startup.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "engine.h"

#define TPM_SEND_COMMAND 8
#define TPM_SESSION_END	20

#define CTRL_INIT	0x02
#define CTRL_SHUTDOWN	0x03
#define CTRL_SET_LOCALITY 0x05

static const u8 startup[] = { 0x80, 0x01, 0, 0, 0, 12, 0, 0, 0x01, 0x44, 0, 0 };
static u8 cmd[TPM2_MAX_COMMAND_SIZE], rsp[TPM2_MAX_RESPONSE_SIZE];
static struct tpm2_engine *eng;
static struct tpm2_exec_ctx exec_ctx;
static bool startup_clear;

static int read_full(int fd, u8 *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = read(fd, buf + got, n - got);

		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	return 0;
}

static int write_full(int fd, const u8 *buf, size_t n)
{
	while (n) {
		ssize_t w = write(fd, buf, n);

		if (w <= 0)
			return -1;
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

static void power_on(void)
{
	if (startup_clear)
		tpm2_engine_execute(eng, startup, sizeof(startup), rsp,
				    sizeof(rsp), NULL);
}

/*
 * One command from @in, its response to @out; -1 at the end of input. The
 * first @have bytes of the command are in cmd[] already.
 */
static int serve_one(int in, int out, size_t have)
{
	size_t len = 6, n;
	u32 size;

	if (read_full(in, cmd + have, 6 - have))
		return -1;
	size = get_unaligned_be32(cmd + 2);
	if (size > 6 && size <= sizeof(cmd)) {
		if (read_full(in, cmd + 6, size - 6))
			return -1;
		len = size;
	}
	n = tpm2_engine_execute(eng, cmd, len, rsp, sizeof(rsp), &exec_ctx);
	return write_full(out, rsp, n);
}

static int listen_on(int port)
{
	struct sockaddr_in sa = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	int one = 1, fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, 8)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* A control command: 4 bytes, maybe parameters; 0 to go on, 1 to stop */
static int serve_ctrl(int fd)
{
	u8 buf[64] = { 0 };
	u8 res[4] = { 0 };
	ssize_t n = read(fd, buf, sizeof(buf));
	u32 code;

	if (n < 4)
		return 0;
	code = get_unaligned_be32(buf);
	if (code == CTRL_INIT) {
		tpm2_engine_init(eng);
	} else if (code == CTRL_SET_LOCALITY && n >= 5 && buf[4] <= 4) {
		exec_ctx.locality = buf[4];
	} else if (code != CTRL_SHUTDOWN) {
		put_unaligned_be32(10, res);	/* TPM_BAD_ORDINAL */
	}
	write_full(fd, res, sizeof(res));
	return code == CTRL_SHUTDOWN;
}

/* A framed command: locality, size, command; answered size, response, 0 */
static int serve_framed(int fd)
{
	u8 hdr[5], trailer[4] = { 0 };
	u8 len[4];
	size_t n;
	u32 size;

	if (read_full(fd, hdr, sizeof(hdr)))
		return -1;
	size = get_unaligned_be32(hdr + 1);
	if (size > sizeof(cmd) || read_full(fd, cmd, size))
		return -1;
	exec_ctx.locality = hdr[0] <= 4 ? hdr[0] : 0;
	n = tpm2_engine_execute(eng, cmd, size, rsp, sizeof(rsp), &exec_ctx);
	put_unaligned_be32(n, len);
	if (write_full(fd, len, 4) || write_full(fd, rsp, n))
		return -1;
	return write_full(fd, trailer, 4);
}

/* The commands of one connection, raw or framed, until it ends */
static void serve_conn(int fd)
{
	u32 word;

	for (;;) {
		if (read_full(fd, cmd, 4))
			return;
		word = get_unaligned_be32(cmd);
		if (word == TPM_SESSION_END)
			return;
		if (word == TPM_SEND_COMMAND ? serve_framed(fd) :
		    serve_one(fd, fd, 4))
			return;
	}
}

static int serve_tcp(int port)
{
	struct pollfd p[2];
	int stop = 0;

	p[0].fd = listen_on(port);
	p[1].fd = listen_on(port + 1);
	if (p[0].fd < 0 || p[1].fd < 0) {
		perror("engine_serve: listen");
		return 1;
	}
	p[0].events = p[1].events = POLLIN;
	while (!stop) {
		int i;

		if (poll(p, 2, -1) < 0)
			return 1;
		for (i = 0; i < 2; i++) {
			int c;

			if (!(p[i].revents & POLLIN))
				continue;
			c = accept(p[i].fd, NULL, NULL);
			if (c < 0)
				continue;
			if (i == 0)
				serve_conn(c);
			else
				stop = serve_ctrl(c);
			close(c);
		}
	}
	close(p[0].fd);
	close(p[1].fd);
	return 0;
}

int main(int argc, char **argv)
{
	struct tpm2_engine_config cfg;
	int i, port = 0, ret = 0;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--startup-clear")) {
			startup_clear = true;
		} else if (!strcmp(argv[i], "--tcp") && i + 1 < argc) {
			port = atoi(argv[++i]);
		} else {
			fprintf(stderr,
				"usage: engine_serve [--startup-clear] [--tcp PORT]\n");
			return 2;
		}
	}
	memset(&cfg, 0, sizeof(cfg));
	memset(cfg.secret, 0x5A, sizeof(cfg.secret));
	eng = tpm2_engine_create(&cfg);
	if (!eng)
		return 1;
	power_on();
	if (port) {
		ret = serve_tcp(port);
	} else {
		while (serve_one(0, 1, 0) == 0)
			;
	}
	tpm2_engine_destroy(eng);
	return ret;
}
