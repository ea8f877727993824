/* policy.c: policy names, built-in defaults and candidate ordering. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "policy.h"

static const struct {
	enum cifsaf_policy policy;
	const char *name;
} policy_names[] = {
	{ CIFSAF_POLICY_SYSTEM, "system" },
	{ CIFSAF_POLICY_V4_ONLY, "v4-only" },
	{ CIFSAF_POLICY_V6_ONLY, "v6-only" },
	{ CIFSAF_POLICY_V4_PREFERRED, "v4-preferred" },
	{ CIFSAF_POLICY_V6_PREFERRED, "v6-preferred" },
	{ CIFSAF_POLICY_HAPPY_EYEBALLS, "happy-eyeballs" },
};

#define N_POLICIES (sizeof(policy_names) / sizeof(policy_names[0]))

const char *cifsaf_policy_name(enum cifsaf_policy p)
{
	size_t i;

	for (i = 0; i < N_POLICIES; i++)
		if (policy_names[i].policy == p)
			return policy_names[i].name;
	return "unknown";
}

int cifsaf_policy_from_name(const char *name, enum cifsaf_policy *ret)
{
	size_t i;

	for (i = 0; i < N_POLICIES; i++) {
		if (strcmp(policy_names[i].name, name) == 0) {
			*ret = policy_names[i].policy;
			return 0;
		}
	}
	return -EINVAL;
}

enum cifsaf_policy cifsaf_policy_builtin(const struct cifsaf_kernel *k, const char **ret_why)
{
	if (k->rhel5) {
		*ret_why = "built-in rule, RHEL 5 cannot parse IPv6 in ip=";
		return CIFSAF_POLICY_V4_ONLY;
	}
	if (!k->ipv6) {
		*ret_why = "built-in rule, kernels before 2.6.23 cannot parse IPv6 in ip=";
		return CIFSAF_POLICY_V4_ONLY;
	}
	*ret_why = "built-in rule";
	return CIFSAF_POLICY_HAPPY_EYEBALLS;
}

bool cifsaf_policy_probes(enum cifsaf_policy p)
{
	return p != CIFSAF_POLICY_SYSTEM;
}

/* Copy the candidates of one family, in order, up to the cap. */
static size_t take_family(int family, const struct cifsaf_candidate *in, size_t n,
			  struct cifsaf_candidate *out)
{
	size_t i, k = 0;

	for (i = 0; i < n && k < CIFSAF_MAX_PER_FAMILY; i++)
		if (in[i].family == family)
			out[k++] = in[i];
	return k;
}

size_t cifsaf_policy_order(enum cifsaf_policy p, const struct cifsaf_candidate *in, size_t n,
			   struct cifsaf_candidate *out)
{
	struct cifsaf_candidate v6[CIFSAF_MAX_PER_FAMILY], v4[CIFSAF_MAX_PER_FAMILY];
	size_t n6, n4, i, k = 0, count4 = 0, count6 = 0;

	switch (p) {
	case CIFSAF_POLICY_SYSTEM:
		for (i = 0; i < n; i++) {
			size_t *count = in[i].family == AF_INET6 ? &count6 : &count4;

			if (*count < CIFSAF_MAX_PER_FAMILY) {
				(*count)++;
				out[k++] = in[i];
			}
		}
		return k;
	case CIFSAF_POLICY_V4_ONLY:
		return take_family(AF_INET, in, n, out);
	case CIFSAF_POLICY_V6_ONLY:
		return take_family(AF_INET6, in, n, out);
	case CIFSAF_POLICY_V4_PREFERRED:
		k = take_family(AF_INET, in, n, out);
		return k + take_family(AF_INET6, in, n, out + k);
	case CIFSAF_POLICY_V6_PREFERRED:
		k = take_family(AF_INET6, in, n, out);
		return k + take_family(AF_INET, in, n, out + k);
	case CIFSAF_POLICY_HAPPY_EYEBALLS:
		n6 = take_family(AF_INET6, in, n, v6);
		n4 = take_family(AF_INET, in, n, v4);
		for (i = 0; i < n6 || i < n4; i++) {
			if (i < n6)
				out[k++] = v6[i];
			if (i < n4)
				out[k++] = v4[i];
		}
		return k;
	}
	return 0;
}

size_t cifsaf_policy_order_ranked(enum cifsaf_policy p, const struct cifsaf_candidate *in,
				  const bool *first, size_t n, struct cifsaf_candidate *out)
{
	struct cifsaf_candidate part[2 * CIFSAF_MAX_PER_FAMILY], ordered[2 * CIFSAF_MAX_PER_FAMILY];
	size_t k = 0, i, j, m, n4 = 0, n6 = 0;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		/* Each part: its candidates in resolver order, at most the cap
		 * of each family (the policy would cut the rest anyway). */
		size_t p4 = 0, p6 = 0;

		for (i = 0, m = 0; i < n; i++) {
			size_t *count = in[i].family == AF_INET6 ? &p6 : &p4;

			if (first[i] == (pass == 0) && *count < CIFSAF_MAX_PER_FAMILY) {
				(*count)++;
				part[m++] = in[i];
			}
		}
		m = cifsaf_policy_order(p, part, m, ordered);
		for (j = 0; j < m; j++) {
			size_t *count = ordered[j].family == AF_INET6 ? &n6 : &n4;

			if (*count < CIFSAF_MAX_PER_FAMILY) {
				(*count)++;
				out[k++] = ordered[j];
			}
		}
	}
	return k;
}
