import { useState } from 'react';
import { Link } from 'react-router';
import { formatMoney } from '../../../banking/money';
import type { Company } from '../../../contract/ledger';
import type { PositionGroup } from '../../../contract/reporting';
import { minorUnits } from '../../lib/format';
import { useI18n } from '../../lib/i18n';

const INDENT = ['pl-2', 'pl-7', 'pl-12', 'pl-16', 'pl-20'] as const;

interface Row {
  company: Company;
  depth: number;
  group: PositionGroup | undefined;
  subtreeSek: bigint;
  hasChildren: boolean;
}

/**
 * Positions by company as the koncern tree: each company's own cash and, beside it, the cash of the
 * company with all its subsidiaries (summed exactly, in öre). Parents expand and collapse.
 */
export function CompanyTree({
  companies,
  groups,
  accountsSearch,
}: {
  companies: readonly Company[];
  groups: readonly PositionGroup[];
  accountsSearch: (companyId: string) => string;
}) {
  const { t, money, locale } = useI18n();
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const byId = new Map(companies.map((company) => [company.id, company]));
  const groupOf = new Map(groups.map((group) => [group.key, group]));
  const children = new Map<string | null, Company[]>();
  for (const company of companies) {
    const parent = company.parent_id !== null && byId.has(company.parent_id) ? company.parent_id : null;
    children.set(parent, [...(children.get(parent) ?? []), company]);
  }
  const subtree = (id: string): bigint =>
    (minorUnits(groupOf.get(id)?.total_sek ?? { amount: '0', currency: 'SEK' }) ?? 0n) +
    (children.get(id) ?? []).reduce((total, child) => total + subtree(child.id), 0n);
  const rows: Row[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const company of (children.get(parent) ?? []).toSorted((a, b) => a.name.localeCompare(b.name))) {
      const hasChildren = (children.get(company.id)?.length ?? 0) > 0;
      rows.push({
        company,
        depth,
        group: groupOf.get(company.id),
        subtreeSek: subtree(company.id),
        hasChildren,
      });
      if (hasChildren && !collapsed.has(company.id)) walk(company.id, depth + 1);
    }
  };
  walk(null, 0);
  const toggle = (id: string) => {
    const next = new Set(collapsed);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setCollapsed(next);
  };
  return (
    <table className="data-table" data-testid="positions-company">
      <thead>
        <tr>
          <th scope="col">{t('groupBy.company')}</th>
          <th scope="col" className="num">
            {t('accountsCount')}
          </th>
          <th scope="col" className="num">
            {t('originalCurrency')}
          </th>
          <th scope="col" className="num">
            {t('inSek')}
          </th>
          <th scope="col" className="num">
            {t('withSubsidiaries')}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ company, depth, group, subtreeSek, hasChildren }) => (
          <tr key={company.id}>
            <th scope="row" className={INDENT[Math.min(depth, INDENT.length - 1)]}>
              <span className="inline-flex items-center gap-1">
                {hasChildren ? (
                  <button
                    type="button"
                    className="inline-flex h-6 w-6 shrink-0 items-center justify-center rounded text-slate-700 hover:bg-slate-200 dark:text-slate-200 dark:hover:bg-slate-700"
                    aria-expanded={!collapsed.has(company.id)}
                    aria-label={t(collapsed.has(company.id) ? 'showSubsidiaries' : 'hideSubsidiaries', {
                      name: company.name,
                    })}
                    onClick={() => toggle(company.id)}
                  >
                    {collapsed.has(company.id) ? '▸' : '▾'}
                  </button>
                ) : (
                  <span className="inline-block w-6 shrink-0" />
                )}
                <Link className="link" to={{ pathname: '/accounts', search: accountsSearch(company.id) }}>
                  {company.name}
                </Link>
              </span>
            </th>
            <td className="num">{group?.account_count ?? 0}</td>
            <td className="num">
              {group?.amounts.map((amount) => (
                <div key={amount.amount.currency}>{money(amount.amount)}</div>
              ))}
            </td>
            <td className="num">{group ? money(group.total_sek) : '—'}</td>
            <td className="num font-medium">
              {hasChildren ? formatMoney(subtreeSek, 'SEK', locale, { currencyDisplay: 'code' }) : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
