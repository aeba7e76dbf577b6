/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The TPM 2.0 engine: all the state of one TPM and the one entry point that
 * executes a command on it. Kernel-free: it reaches the host only through
 * platform.h, so the same sources build in the module and in userspace.
 */
#ifndef _HTPM_TPM2_ENGINE_H
#define _HTPM_TPM2_ENGINE_H

#include "platform.h"

/* Largest command and response the engine accepts or produces. */
#define TPM2_MAX_COMMAND_SIZE	4096
#define TPM2_MAX_RESPONSE_SIZE	4096

/* Bytes of per-instance secret material handed to a new engine. */
#define TPM2_ENGINE_SECRET_SIZE	32

struct tpm2_engine;
struct tpm2_scratch;

/**
 * struct tpm2_engine_config - what the host tells a new engine
 * @secret: per-instance secret, derived by the host from its root secret
 *	and the instance identity; every seed and state key of the instance
 *	is derived from it. The engine keeps its own copy.
 * @nv_quota: bytes of NV storage its indices may take; 0 for the default
 *	(32 KiB). GetCapability reports what is left.
 */
struct tpm2_engine_config {
	u8 secret[TPM2_ENGINE_SECRET_SIZE];
	u32 nv_quota;
};

/**
 * struct tpm2_exec_ctx - per-command context from the host
 * @locality: locality the command arrived at (0..4)
 * @cancelled: optional; polled between the steps of long operations. When
 *	it returns true the command ends with TPM_RC_CANCELED.
 * @priv: passed to @cancelled
 * @scratch: optional; working memory for the command, from
 *	tpm2_scratch_create(), not used by another command at the same time.
 *	Without it the engine allocates and frees its own for the command.
 */
struct tpm2_exec_ctx {
	u8 locality;
	bool (*cancelled)(void *priv);
	void *priv;
	struct tpm2_scratch *scratch;
};

/**
 * tpm2_scratch_create() - working memory for the commands of any engine
 *
 * One command at a time may use it; it is zeroized after each.
 *
 * Return: the memory (a few KiB), or NULL when memory is short.
 */
struct tpm2_scratch *tpm2_scratch_create(void);

/**
 * tpm2_scratch_destroy() - free what tpm2_scratch_create() made
 * @s: the memory, or NULL
 */
void tpm2_scratch_destroy(struct tpm2_scratch *s);

/**
 * tpm2_engine_create() - a new TPM, powered on, before TPM2_Startup
 * @cfg: configuration; copied
 *
 * Return: the engine, or NULL when memory is short.
 */
struct tpm2_engine *tpm2_engine_create(const struct tpm2_engine_config *cfg);

/**
 * tpm2_engine_destroy() - free an engine, zeroizing every secret it held
 * @e: engine, or NULL
 */
void tpm2_engine_destroy(struct tpm2_engine *e);

/**
 * tpm2_engine_init() - _TPM_Init: reset the TPM as a power cycle would
 * @e: engine
 *
 * Volatile state is lost; the next command must be TPM2_Startup. State a
 * TPM2_Shutdown saved survives, so TPM2_Startup(STATE) can follow a
 * TPM2_Shutdown(STATE).
 */
void tpm2_engine_init(struct tpm2_engine *e);

/**
 * tpm2_engine_execute() - execute one command
 * @e: engine
 * @cmd: command bytes, as a TPM would receive them; untrusted
 * @cmd_len: number of bytes in @cmd (any value, including 0)
 * @rsp: buffer for the response
 * @rsp_max: size of @rsp; at least TPM2_MAX_RESPONSE_SIZE
 * @ctx: per-command context, or NULL (locality 0, never cancelled)
 *
 * Never fails: malformed input yields a well-formed error response with the
 * response code the TPM 2.0 specification gives. Commands on one engine
 * must not run concurrently; the caller serialises them.
 *
 * Return: length of the response written to @rsp (>= 10).
 */
size_t tpm2_engine_execute(struct tpm2_engine *e, const u8 *cmd,
			   size_t cmd_len, u8 *rsp, size_t rsp_max,
			   const struct tpm2_exec_ctx *ctx);

/**
 * tpm2_engine_cmd_is_long() - may a command take long to execute?
 * @cmd: command bytes; untrusted
 * @cmd_len: number of bytes in @cmd
 *
 * True for the commands that may generate a key (seconds for RSA on a
 * slow machine), so that the host can run them apart from, and at a lower
 * priority than, short ones. Looks at the command code only.
 *
 * Return: true for such a command, false otherwise (including garbage).
 */
bool tpm2_engine_cmd_is_long(const u8 *cmd, size_t cmd_len);

#endif /* _HTPM_TPM2_ENGINE_H */
