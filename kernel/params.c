// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel command line parameters. Owners register the keys they consume
 * with KERNEL_PARAM() in the .kernel_params section; this file knows none
 * of them. Nothing here is fatal: a bad command line must never stop the
 * boot, so every problem is a warning and parsing goes on.
 */
#include <mosaic/cmdline.h>
#include <mosaic/errno.h>
#include <mosaic/params.h>
#include <mosaic/printk.h>
#include <mosaic/string.h>

/* Bounds of the section, defined by the linker script. */
extern const struct kernel_param __start_kernel_params[];
extern const struct kernel_param __stop_kernel_params[];

/* Handlers get a NUL-terminated copy; boot is single-threaded. */
static char param_value[PARAM_VALUE_MAX];

/* Run every handler registered for tok's key; returns problems reported. */
static int param_dispatch(const struct cmdline_token *tok,
			  const struct kernel_param *start,
			  const struct kernel_param *stop)
{
	const struct kernel_param *kp;
	bool known = false;
	int problems = 0;

	for (kp = start; kp < stop; kp++) {
		int ret;

		if (!cmdline_key_is(tok, kp->name))
			continue;
		known = true;
		if (cmdline_unescape(param_value, sizeof(param_value),
				     tok->value ? tok->value : "",
				     tok->value_len) < 0) {
			pr_warn("kernel parameter '%s': value too long (%zu bytes), ignored\n",
				kp->name, tok->value_len);
			return problems + 1;
		}
		/* A handler may keep no pointer to param_value: copy per call. */
		ret = kp->handler(param_value);
		if (ret) {
			pr_warn("kernel parameter '%.*s': invalid value '%.*s' (error %d), ignored\n",
				(int)tok->key_len, tok->key,
				(int)tok->value_len, tok->value ? tok->value : "",
				ret);
			problems++;
		}
	}
	if (!known) {
		pr_warn("unknown kernel parameter '%.*s' ignored\n",
			(int)tok->key_len, tok->key);
		problems++;
	}
	return problems;
}

int params_parse_table(const char *cmdline, const struct kernel_param *start,
		       const struct kernel_param *stop)
{
	struct cmdline_token tok;
	const char *pos = cmdline;
	int ret, problems = 0;

	if (!cmdline)
		return 0;
	while ((ret = cmdline_next(&pos, &tok)) != 0) {
		if (ret < 0) {
			pr_warn("malformed kernel parameter '%.*s' ignored\n",
				(int)tok.word_len, tok.word);
			problems++;
			continue;
		}
		problems += param_dispatch(&tok, start, stop);
	}
	return problems;
}

void params_parse(const char *cmdline)
{
	params_parse_table(cmdline, __start_kernel_params, __stop_kernel_params);
}
