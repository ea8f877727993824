/* filter.c: rules.h as a classic BPF seccomp program, and a small
 * interpreter of it for tests.
 *
 * Every rule is a block that starts by loading the call number and jumps
 * only forward inside itself or to the next block, so each jump offset is
 * known where it is written; only the arch dispatch at the top jumps far,
 * with BPF_JA. */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <linux/seccomp.h>

#include "filter.h"
#include "rules.h"

#define NR_OFF offsetof(struct seccomp_data, nr)
#define ARCH_OFF offsetof(struct seccomp_data, arch)
/* The low 32 bits of argument k (little-endian). */
#define ARG_OFF(k) (offsetof(struct seccomp_data, args) + 8 * (k))

#define RET_ERRNO(e) (SECCOMP_RET_ERRNO | ((e) & SECCOMP_RET_DATA))

struct prog {
	struct sock_filter *ins;
	size_t n, max;
	int overflow;
};

static void emit(struct prog *p, unsigned short code, unsigned k, unsigned char jt, unsigned char jf)
{
	if (p->n >= p->max) {
		p->overflow = 1;
		return;
	}
	p->ins[p->n].code = code;
	p->ins[p->n].jt = jt;
	p->ins[p->n].jf = jf;
	p->ins[p->n].k = k;
	p->n++;
}

static void ld(struct prog *p, unsigned off)
{
	emit(p, BPF_LD | BPF_W | BPF_ABS, off, 0, 0);
}

static void ret(struct prog *p, unsigned action)
{
	emit(p, BPF_RET | BPF_K, action, 0, 0);
}

/* nr: ACTION. */
static void block_ret(struct prog *p, int nr, unsigned action)
{
	ld(p, NR_OFF);
	emit(p, BPF_JMP | BPF_JEQ | BPF_K, (unsigned)nr, 0, 1);
	ret(p, action);
}

/* nr with argument ARG in one of RANGES: ERRNO; nr otherwise: allowed.
 * 4 + 3 * n instructions. */
static void block_ranges(struct prog *p, int nr, int arg, const struct k2618_range *r, unsigned n,
			 int error)
{
	unsigned i;

	ld(p, NR_OFF);
	emit(p, BPF_JMP | BPF_JEQ | BPF_K, (unsigned)nr, 0, (unsigned char)(2 + 3 * n));
	ld(p, ARG_OFF(arg));
	for (i = 0; i < n; i++) {
		emit(p, BPF_JMP | BPF_JGE | BPF_K, r[i].lo, 0, 2);	/* below: next range */
		emit(p, BPF_JMP | BPF_JGT | BPF_K, r[i].hi, 1, 0);	/* above: next range */
		ret(p, RET_ERRNO(error));
	}
	ret(p, SECCOMP_RET_ALLOW);
}

static void arch_section(struct prog *p, const struct k2618_arch *a)
{
	static const struct k2618_range nonzero = { 1, 0xffffffffu };
	unsigned i;

	for (i = 0; i < a->n_flagged; i++)
		block_ranges(p, a->flagged[i].nr, a->flagged[i].arg, &nonzero, 1, ENOSYS);
	for (i = 0; i < a->n_allowed; i++)
		block_ret(p, a->allowed[i], SECCOMP_RET_ALLOW);
	for (i = 0; i < a->n_ops; i++)
		block_ranges(p, a->ops[i].nr, a->ops[i].arg, a->ops[i].ranges, a->ops[i].n_ranges,
			     a->ops[i].error);
	block_ret(p, a->capget, SECCOMP_RET_USER_NOTIF);
	block_ret(p, a->capset, SECCOMP_RET_USER_NOTIF);
	block_ret(p, a->open, SECCOMP_RET_USER_NOTIF);
	block_ret(p, a->openat, SECCOMP_RET_USER_NOTIF);
	ld(p, NR_OFF);
	emit(p, BPF_JMP | BPF_JGE | BPF_K, (unsigned)a->first_new, 0, 1);
	ret(p, RET_ERRNO(ENOSYS));
	ret(p, SECCOMP_RET_ALLOW);
}

int k2618_filter_build(struct sock_filter *out, size_t max)
{
	struct prog p = { out, 0, max, 0 };
	size_t x86_64_at, i386_at;

	/* 0 ld arch; 1 jeq x86_64; 2 ja x86_64; 3 jeq i386; 4 ja i386; 5 kill */
	ld(&p, ARCH_OFF);
	emit(&p, BPF_JMP | BPF_JEQ | BPF_K, k2618_x86_64.audit_arch, 0, 1);
	emit(&p, BPF_JMP | BPF_JA, 0, 0, 0);
	emit(&p, BPF_JMP | BPF_JEQ | BPF_K, k2618_i386.audit_arch, 0, 1);
	emit(&p, BPF_JMP | BPF_JA, 0, 0, 0);
	ret(&p, SECCOMP_RET_KILL_PROCESS);
	x86_64_at = p.n;
	arch_section(&p, &k2618_x86_64);
	i386_at = p.n;
	arch_section(&p, &k2618_i386);
	if (p.overflow)
		return -1;
	out[2].k = (unsigned)(x86_64_at - 3);
	out[4].k = (unsigned)(i386_at - 5);
	return (int)p.n;
}

unsigned k2618_filter_run(const struct sock_filter *prog, size_t n, unsigned arch, int nr,
			  const unsigned long long args[6])
{
	unsigned char data[sizeof(struct seccomp_data)];
	struct seccomp_data d;
	unsigned a = 0;
	size_t pc = 0;
	int i;

	memset(&d, 0, sizeof(d));
	d.nr = nr;
	d.arch = arch;
	for (i = 0; i < 6; i++)
		d.args[i] = args[i];
	memcpy(data, &d, sizeof(d));
	while (pc < n) {
		const struct sock_filter *f = &prog[pc++];
		unsigned cls = BPF_CLASS(f->code);

		if (cls == BPF_LD) {
			if (f->code != (BPF_LD | BPF_W | BPF_ABS) || f->k + 4 > sizeof(data))
				return ~0u;
			memcpy(&a, data + f->k, 4);
		} else if (cls == BPF_RET) {
			return f->k;
		} else if (cls == BPF_JMP && BPF_OP(f->code) == BPF_JA) {
			pc += f->k;
		} else if (cls == BPF_JMP) {
			int taken;

			switch (BPF_OP(f->code)) {
			case BPF_JEQ:
				taken = a == f->k;
				break;
			case BPF_JGE:
				taken = a >= f->k;
				break;
			case BPF_JGT:
				taken = a > f->k;
				break;
			default:
				return ~0u;
			}
			pc += taken ? f->jt : f->jf;
		} else {
			return ~0u;
		}
	}
	return ~0u;
}
