import { formatAmount } from '../money';
import type { AccountReport, StatementProblem } from './model';

/**
 * The statement's own arithmetic: the opening booked balance plus the booked entries must give the
 * closing booked balance. A file that fails it was damaged or cut short, and booking it would put
 * wrong balances beside wrong transactions. Checked only when one page holds the whole statement,
 * in one currency.
 */
export function checkBalanceContinuity(report: AccountReport): StatementProblem[] {
  if (report.paginated) return [];
  const opening = report.balances.find((balance) => balance.type === 'OPBD' || balance.type === 'PRCD');
  const closing = report.balances.find((balance) => balance.type === 'CLBD');
  if (!opening || !closing || opening.currency !== closing.currency) return [];
  const booked = report.entries.filter((entry) => entry.status === 'booked');
  if (booked.some((entry) => entry.currency !== closing.currency)) return [];
  const movement = booked.reduce((total, entry) => total + entry.amountMinor, 0n);
  const expected = opening.amountMinor + movement;
  if (expected === closing.amountMinor) return [];
  const show = (minor: bigint) => `${formatAmount(minor, closing.currency)} ${closing.currency}`;
  return [
    {
      kind: 'count_mismatch',
      line: closing.line,
      where: `statement ${report.id}, closing balance CLBD`,
      message: `is ${show(closing.amountMinor)}, but the opening balance ${show(opening.amountMinor)} plus the booked entries ${show(movement)} make ${show(expected)}`,
    },
  ];
}
