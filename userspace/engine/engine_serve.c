// SPDX-License-Identifier: GPL-2.0
/*
 * One engine behind stdin/stdout, for tpm2-tss's "cmd" TCTI:
 *
 *   tpm2_getrandom -T "cmd:./engine_serve --startup-clear" 16
 *
 * Each command is read as framed by its header's commandSize and answered
 * on stdout. --startup-clear sends TPM2_Startup(CLEAR) first, as swtpm's
 * startup-clear flag does, since every tool run starts a new engine.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "engine.h"

static int read_full(u8 *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = read(0, buf + got, n - got);

		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	return 0;
}

static int write_full(const u8 *buf, size_t n)
{
	while (n) {
		ssize_t w = write(1, buf, n);

		if (w <= 0)
			return -1;
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const u8 startup[] = { 0x80, 0x01, 0, 0, 0, 12, 0, 0, 0x01,
				      0x44, 0, 0 };
	static u8 cmd[TPM2_MAX_COMMAND_SIZE], rsp[TPM2_MAX_RESPONSE_SIZE];
	struct tpm2_engine_config cfg;
	struct tpm2_engine *e;
	int ret = 0;

	memset(&cfg, 0x5A, sizeof(cfg));
	e = tpm2_engine_create(&cfg);
	if (!e)
		return 1;
	if (argc > 1 && !strcmp(argv[1], "--startup-clear"))
		tpm2_engine_execute(e, startup, sizeof(startup), rsp,
				    sizeof(rsp), NULL);
	for (;;) {
		size_t len = 6, n;
		u32 size;

		if (read_full(cmd, 6))
			break;
		size = get_unaligned_be32(cmd + 2);
		if (size > 6 && size <= sizeof(cmd)) {
			if (read_full(cmd + 6, size - 6))
				break;
			len = size;
		}
		n = tpm2_engine_execute(e, cmd, len, rsp, sizeof(rsp), NULL);
		if (write_full(rsp, n)) {
			ret = 1;
			break;
		}
	}
	tpm2_engine_destroy(e);
	return ret;
}
