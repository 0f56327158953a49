// SPDX-License-Identifier: GPL-2.0
/*
 * alarm(2), setitimer(2) and getitimer(2) for ITIMER_REAL: SIGALRM to
 * the process when its real-time timer runs out, again every interval.
 * The timer is a kernel timer on the tick (<mosaic/timer.h>) aimed at
 * the tick by which the clock source reaches the expiry; the fields in
 * struct itimer_real are under signal_lock. The timer lives as long as
 * the process: execve keeps it, fork does not copy it, exit stops it
 * (signal_process_exit()).
 */
#include <mosaic/errno.h>
#include <mosaic/process.h>
#include <mosaic/signal.h>
#include <mosaic/string.h>
#include <mosaic/syscalls.h>
#include <mosaic/time.h>
#include <mosaic/timer.h>
#include <mosaic/uaccess.h>

#define ITIMER_REAL 0
#define ITIMER_VIRTUAL 1
#define ITIMER_PROF 2

/* struct itimerval of x86-64: two struct timeval. */
struct k_itimerval {
	long interval_sec, interval_usec;
	long value_sec, value_usec;
};

static void itimer_arm_locked(struct itimer_real *it)
{
	mod_timer(&it->timer, ktime_deadline_tick(it->expires_ns));
}

void itimer_real_fire(struct timer_list *timer)
{
	struct itimer_real *it = container_of(timer, struct itimer_real, timer);
	struct process *p = container_of(it, struct process, itimer_real);
	unsigned long pflags = spin_lock_irqsave(&process_lock);
	unsigned long sflags = spin_lock_irqsave(&signal_lock);
	u64 now = ktime_get_ns();
	bool fire = false;

	if (it->expires_ns && now < it->expires_ns) {
		itimer_arm_locked(it);	/* the tick came early */
	} else if (it->expires_ns) {
		fire = true;
		if (it->interval_ns) {
			/* Overruns are skipped, as Linux's hrtimer_forward. */
			it->expires_ns += it->interval_ns *
					  (1 + (now - it->expires_ns) /
						       it->interval_ns);
			itimer_arm_locked(it);
		} else {
			it->expires_ns = 0;
		}
	}
	spin_unlock_irqrestore(&signal_lock, sflags);
	if (fire)
		send_signal_process(p, SIGALRM, SI_KERNEL, 0, 0);
	spin_unlock_irqrestore(&process_lock, pflags);
}

static u64 timeval_ns(long sec, long usec)
{
	return (u64)sec * NSEC_PER_SEC + (u64)usec * NSEC_PER_USEC;
}

static void ns_timeval(u64 ns, long *sec, long *usec)
{
	*sec = (long)(ns / NSEC_PER_SEC);
	*usec = (long)(ns % NSEC_PER_SEC / NSEC_PER_USEC);
}

/*
 * Read and set p's timer (new NULL: read only), signal_lock held. As
 * Linux, an armed timer never reads as zero: at least 1 us is left.
 */
static void itimer_real_swap(struct process *p, const struct k_itimerval *new,
			     struct k_itimerval *old)
{
	struct itimer_real *it = &p->itimer_real;
	u64 now = ktime_get_ns(), left = 0;

	if (it->expires_ns)
		left = it->expires_ns > now ? it->expires_ns - now :
					      NSEC_PER_USEC;
	ns_timeval(left, &old->value_sec, &old->value_usec);
	ns_timeval(it->interval_ns, &old->interval_sec, &old->interval_usec);
	if (!new)
		return;
	it->interval_ns = timeval_ns(new->interval_sec, new->interval_usec);
	left = timeval_ns(new->value_sec, new->value_usec);
	if (left) {
		it->expires_ns = now + left;
		itimer_arm_locked(it);
	} else {
		it->expires_ns = 0;
		del_timer(&it->timer);
	}
}

static bool timeval_valid(long sec, long usec)
{
	return sec >= 0 && usec >= 0 && (unsigned long)usec < USEC_PER_SEC;
}

/*
 * Only ITIMER_REAL: the CPU-time timers need user/system accounting
 * that is not there yet (EINVAL, as for an unknown timer).
 */
static int do_itimer(int which, const struct k_itimerval *new,
		     struct k_itimerval *old)
{
	struct process *p = current_process();
	unsigned long flags;

	if (which != ITIMER_REAL || !p)
		return -EINVAL;
	if (new && (!timeval_valid(new->value_sec, new->value_usec) ||
		    !timeval_valid(new->interval_sec, new->interval_usec)))
		return -EINVAL;
	flags = spin_lock_irqsave(&signal_lock);
	itimer_real_swap(p, new, old);
	spin_unlock_irqrestore(&signal_lock, flags);
	return 0;
}

SYSCALL_DEFINE3(setitimer, int, which, const struct k_itimerval __user *,
		unew, struct k_itimerval __user *, uold)
{
	struct k_itimerval new, old;
	int err;

	/* Linux still takes NULL as "disarm" (a misfeature it warns of). */
	memset(&new, 0, sizeof(new));
	if (unew && copy_from_user(&new, unew, sizeof(new)))
		return -EFAULT;
	err = do_itimer(which, &new, &old);
	if (!err && uold && copy_to_user(uold, &old, sizeof(old)))
		return -EFAULT;
	return err;
}

SYSCALL_DEFINE2(getitimer, int, which, struct k_itimerval __user *, uval)
{
	struct k_itimerval old;
	int err = do_itimer(which, NULL, &old);

	if (!err && copy_to_user(uval, &old, sizeof(old)))
		return -EFAULT;
	return err;
}

/* Whole seconds left of the old alarm, rounded; never 0 if one was set. */
SYSCALL_DEFINE1(alarm, unsigned int, seconds)
{
	struct k_itimerval new = { .value_sec = (long)seconds }, old;

	if (do_itimer(ITIMER_REAL, &new, &old))
		return 0;
	if ((!old.value_sec && old.value_usec) || old.value_usec >= 500000)
		old.value_sec++;
	return old.value_sec;
}
