import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../db/client';
import { approvalPolicies } from '../db/schema';

/**
 * A tenant's approval policy: amount tiers on the batch total in SEK. The first tier whose
 * `up_to_sek_minor` (inclusive, öre; null = no upper bound) holds the total applies; it names how
 * many distinct approvers the batch needs and, optionally, a role that must be among them. A batch
 * paying a creditor account never paid before needs `first_payment_extra_approvals` more.
 */
export const approvalPolicySchema = z.object({
  tiers: z
    .array(
      z.object({
        up_to_sek_minor: z
          .string()
          .regex(/^\d{1,18}$/)
          .nullable(),
        approvals: z.number().int().min(1).max(10),
        role: z
          .string()
          .regex(/^[a-z][a-z0-9_-]{0,39}$/)
          .nullable(),
      }),
    )
    .min(1)
    .refine((tiers) => tiers.at(-1)?.up_to_sek_minor === null, {
      message: 'the last tier must have no upper bound',
    }),
  first_payment_extra_approvals: z.number().int().min(0).max(5),
});

export type ApprovalPolicy = z.infer<typeof approvalPolicySchema>;

/** Below SEK 100,000 one approver; up to SEK 10,000,000 two; above that two, one of them the CFO. */
export const DEFAULT_APPROVAL_POLICY: ApprovalPolicy = {
  tiers: [
    { up_to_sek_minor: '9999999', approvals: 1, role: null },
    { up_to_sek_minor: '1000000000', approvals: 2, role: null },
    { up_to_sek_minor: null, approvals: 2, role: 'cfo' },
  ],
  first_payment_extra_approvals: 1,
};

export async function loadApprovalPolicy(tx: Database, tenantId: string): Promise<ApprovalPolicy> {
  const [row] = await tx
    .select({ policy: approvalPolicies.policy })
    .from(approvalPolicies)
    .where(eq(approvalPolicies.tenantId, tenantId));
  if (!row) return DEFAULT_APPROVAL_POLICY;
  const parsed = approvalPolicySchema.safeParse(row.policy);
  // A stored policy that does not parse is a server fault, never a silent fallback to a weaker one.
  if (!parsed.success) throw new Error(`approval policy of tenant ${tenantId} is invalid`);
  return parsed.data;
}

/** Sets a tenant's policy (for operators and tests; batches already submitted keep their snapshot). */
export async function saveApprovalPolicy(
  tx: Database,
  tenantId: string,
  policy: ApprovalPolicy,
): Promise<void> {
  const checked = approvalPolicySchema.parse(policy);
  await tx
    .insert(approvalPolicies)
    .values({ tenantId, policy: checked })
    .onConflictDoUpdate({
      target: approvalPolicies.tenantId,
      set: { policy: checked, updatedAt: new Date() },
    });
}

export interface Requirement {
  approvals: number;
  role: string | null;
}

/** What a batch with this SEK total (and this many first-time creditor accounts) needs. */
export function requirementFor(
  policy: ApprovalPolicy,
  totalSekMinor: bigint,
  firstPayments: number,
): Requirement {
  const tier =
    policy.tiers.find((t) => t.up_to_sek_minor === null || totalSekMinor <= BigInt(t.up_to_sek_minor)) ??
    policy.tiers.at(-1);
  if (!tier) throw new Error('approval policy has no tiers');
  return {
    approvals: tier.approvals + (firstPayments > 0 ? policy.first_payment_extra_approvals : 0),
    role: tier.role,
  };
}
