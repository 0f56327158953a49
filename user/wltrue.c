// SPDX-License-Identifier: GPL-2.0
/* The small static binary the fork+execve workload starts: it only exits. */
int main(void)
{
	return 0;
}
