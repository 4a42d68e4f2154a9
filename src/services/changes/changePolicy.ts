import { changePolicySchema, type ChangePolicy } from "../../core/change/index.js";
import { AppError } from "../../core/errors.js";
import { describeZodError } from "../../core/validation.js";
import type { PrismaClient } from "../../generated/prisma/client.js";

/** The tenant's change policy (Tenant.settings.changePolicy), defaults filled in. */
export function changePolicyOf(settings: unknown): ChangePolicy {
  const stored = (settings as { changePolicy?: unknown } | null)?.changePolicy ?? {};
  const parsed = changePolicySchema.safeParse(stored);
  if (parsed.success) return parsed.data;
  // Policies stored before fallback approvers had to be e-mail addresses held owner keys that
  // never matched anyone: drop those entries rather than lose the rest of the policy.
  const withoutStaleApprovers = changePolicySchema.safeParse(withValidFallbackApprovers(stored));
  // A stored policy was validated when it was set; if the schema moved on since, fall back safely.
  return withoutStaleApprovers.success ? withoutStaleApprovers.data : changePolicySchema.parse({});
}

function withValidFallbackApprovers(stored: unknown): unknown {
  const policy = stored as { approvals?: { fallbackApprovers?: unknown } } | null;
  const approvers = policy?.approvals?.fallbackApprovers;
  if (!Array.isArray(approvers)) return stored;
  const valid = approvers.filter((approver) => changePolicySchema.shape.approvals.safeParse({ fallbackApprovers: [approver] }).success);
  return { ...policy, approvals: { ...policy!.approvals, fallbackApprovers: valid } };
}

export function parseChangePolicy(input: unknown): ChangePolicy {
  const parsed = changePolicySchema.safeParse(input);
  if (!parsed.success) {
    const { message, path } = describeZodError(parsed.error, "$.policy");
    throw new AppError("BAD_USER_INPUT", message, { path });
  }
  return parsed.data;
}

export async function tenantChangePolicy(prisma: Pick<PrismaClient, "tenant">, tenantId: string): Promise<ChangePolicy> {
  const tenant = await prisma.tenant.findUnique({ where: { id: tenantId }, select: { settings: true } });
  return changePolicyOf(tenant?.settings);
}
