import { useId, useState, type ComponentProps, type FormEvent, type ReactNode } from 'react';
import type { Transaction } from '../../../contract/ledger';
import type { OpenItem } from '../../../contract/reconciliation';
import { useCan } from '../../auth/auth';
import { Empty, QueryError, Skeleton } from '../../components/QueryStates';
import { ScrollFrame } from '../../components/ScrollFrame';
import { useI18n } from '../../lib/i18n';
import {
  SEARCH_PAGE,
  useUnmatchedOpenItems,
  useUnmatchedTransactions,
  type CounterpartSearch,
} from './get-reconciliation';
import { ExplainDialog, ExplainedNotice } from './ExplainTransaction';
import { useReconciliationText } from './messages';
import { useProposePair } from './reconciliation-writes';

const unsigned = (amount: string) => amount.replace(/^-/, '');

/** What money in and out are called: in a bank account, and among invoices. */
function useDirections() {
  const t = useReconciliationText();
  return {
    transactionDirections: { in: t('directionIn'), out: t('directionOut') },
    itemDirections: { in: t('directionReceivables'), out: t('directionPayables') },
  };
}

function SearchForm({
  initial,
  onSearch,
  label,
  directions,
}: {
  initial: CounterpartSearch;
  onSearch: (search: CounterpartSearch) => void;
  label: string;
  /** What money in and money out are called in this list. */
  directions: { in: string; out: string };
}) {
  const t = useReconciliationText();
  const [text, setText] = useState(initial.text ?? '');
  const [amount, setAmount] = useState(initial.amount ?? '');
  const [ocr, setOcr] = useState(initial.ocr ?? '');
  const [direction, setDirection] = useState(initial.direction ?? '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch({ text, amount, ocr, ...(direction === 'in' || direction === 'out' ? { direction } : {}) });
  };
  return (
    <form role="search" aria-label={label} className="flex flex-wrap items-end gap-3" onSubmit={submit}>
      <label className="flex flex-col gap-0.5">
        {t('searchText')}
        <input className="field" value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <label className="flex flex-col gap-0.5">
        {t('searchAmount')}
        <input
          className="field"
          inputMode="decimal"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
        />
      </label>
      <label className="flex flex-col gap-0.5">
        {t('searchOcr')}
        <input className="field" inputMode="numeric" value={ocr} onChange={(e) => setOcr(e.target.value)} />
      </label>
      <label className="flex flex-col gap-0.5">
        {t('searchDirection')}
        <select className="field" value={direction} onChange={(e) => setDirection(e.target.value)}>
          <option value="">{t('directionBoth')}</option>
          <option value="in">{directions.in}</option>
          <option value="out">{directions.out}</option>
        </select>
      </label>
      <button type="submit" className="btn">
        {t('search')}
      </button>
    </form>
  );
}

function MoreResults({ shown }: { shown: number }) {
  const t = useReconciliationText();
  return shown >= SEARCH_PAGE ? <p className="text-sm">{t('moreResults')}</p> : null;
}

interface RowAction {
  label: string;
  onClick: () => void;
  pressed?: boolean;
}

function ActionCell({ actions }: { actions: readonly RowAction[] }) {
  return (
    <td>
      <div className="flex flex-wrap justify-end gap-2">
        {actions.map(({ label, onClick, pressed }) => (
          <button
            key={label}
            type="button"
            className="btn-secondary"
            aria-pressed={pressed}
            onClick={onClick}
          >
            {label}
          </button>
        ))}
      </div>
    </td>
  );
}

function TransactionRows({
  label,
  transactions,
  actions,
}: {
  /** The region's name: unique on the page (the tab's list, or the counterparts found for one item). */
  label: string;
  transactions: readonly Transaction[];
  /** Null for a person who may not propose pairs: no action column. */
  actions: ((transaction: Transaction) => RowAction[]) | null;
}) {
  const t = useReconciliationText();
  const { money, date } = useI18n();
  return (
    <ScrollFrame label={label}>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">{t('date')}</th>
            <th scope="col" className="num">
              {t('amount')}
            </th>
            <th scope="col">{t('counterparty')}</th>
            <th scope="col">{t('message')}</th>
            {actions && (
              <th scope="col">
                <span className="sr-only">{t('findCounterpart')}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {transactions.map((transaction) => {
            return (
              <tr key={transaction.id} data-transaction-id={transaction.id}>
                <td>{date(transaction.booking_date)}</td>
                <td className="num">{money(transaction.amount)}</td>
                <td>{transaction.counterparty_name ?? ''}</td>
                <td>{[transaction.ocr, transaction.message].filter(Boolean).join(' · ')}</td>
                {actions && <ActionCell actions={actions(transaction)} />}
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollFrame>
  );
}

function OpenItemRows({
  label,
  items,
  actions,
}: {
  /** The region's name: unique on the page (the tab's list, or the counterparts found for one transaction). */
  label: string;
  items: readonly OpenItem[];
  /** Null for a person who may not propose pairs: no action column. */
  actions: ((item: OpenItem) => RowAction[]) | null;
}) {
  const t = useReconciliationText();
  const { money, date } = useI18n();
  return (
    <ScrollFrame label={label}>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">{t('invoice')}</th>
            <th scope="col">{t('counterparty')}</th>
            <th scope="col">{t('dueDate')}</th>
            <th scope="col" className="num">
              {t('openAmount')}
            </th>
            <th scope="col">{t('searchOcr')}</th>
            {actions && (
              <th scope="col">
                <span className="sr-only">{t('findCounterpart')}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {items.map((item) => {
            return (
              <tr key={item.id} data-open-item-id={item.id}>
                <td className="font-semibold">{item.external_id}</td>
                <td>{item.counterparty_name}</td>
                <td>{date(item.due_date)}</td>
                <td className="num">{money(item.open_amount)}</td>
                <td>{item.ocr ?? ''}</td>
                {actions && <ActionCell actions={actions(item)} />}
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollFrame>
  );
}

/** The outcome of "propose this pair", announced where the person looks. */
function ProposalOutcome({ proposal }: { proposal: ReturnType<typeof useProposePair> }) {
  const t = useReconciliationText();
  if (proposal.error) {
    return (
      <p role="alert" className="text-red-700 dark:text-red-300">
        {t('proposeFailed', { message: proposal.error.message })}
      </p>
    );
  }
  return (
    <p role="status" className="font-semibold">
      {proposal.isSuccess ? t('proposed') : ''}
    </p>
  );
}

export function UnmatchedTransactions({ koncernId }: { koncernId: string }) {
  const t = useReconciliationText();
  const { transactionDirections } = useDirections();
  const { money } = useI18n();
  const [search, setSearch] = useState<CounterpartSearch>({});
  const [chosen, setChosen] = useState<Transaction | null>(null);
  const [explaining, setExplaining] = useState<Transaction | null>(null);
  const [explained, setExplained] = useState<ComponentProps<typeof ExplainedNotice>['explained']>(null);
  const query = useUnmatchedTransactions(koncernId, search);
  const canPropose = useCan('write:reconciliation');
  const proposal = useProposePair({ onProposed: () => setChosen(null) });
  const results = query.data?.results ?? [];
  const counterpartTitle = chosen
    ? t('counterpartFor', { what: `${money(chosen.amount)} ${chosen.counterparty_name ?? ''}`.trim() })
    : '';
  return (
    <div className="space-y-4 pt-4">
      <SearchForm
        initial={search}
        onSearch={setSearch}
        label={t('tab.transactions')}
        directions={transactionDirections}
      />
      <ProposalOutcome proposal={proposal} />
      <ExplainedNotice key={explained?.transaction.id ?? 'none'} explained={explained} />
      {query.isPending ? (
        <Skeleton rows={5} label={t('tab.transactions')} />
      ) : query.error ? (
        <QueryError what={t('tab.transactions')} error={query.error} onRetry={() => void query.refetch()} />
      ) : results.length === 0 ? (
        <Empty>{t('transactionsEmpty')}</Empty>
      ) : (
        <>
          <TransactionRows
            label={t('tab.transactions')}
            transactions={results}
            actions={
              canPropose
                ? (transaction) => [
                    {
                      label: t('findCounterpart'),
                      pressed: chosen?.id === transaction.id,
                      onClick: () => setChosen(chosen?.id === transaction.id ? null : transaction),
                    },
                    { label: t('noCounterpart'), onClick: () => setExplaining(transaction) },
                  ]
                : null
            }
          />
          <MoreResults shown={results.length} />
        </>
      )}
      {chosen && (
        <CounterpartPanel title={counterpartTitle}>
          <OpenItemFinder
            key={chosen.id}
            label={counterpartTitle}
            initial={{
              amount: unsigned(chosen.amount.amount),
              direction: chosen.amount.amount.startsWith('-') ? 'out' : 'in',
            }}
            onPick={(item) => proposal.send({ transactionIds: [chosen.id], openItemIds: [item.id] })}
          />
        </CounterpartPanel>
      )}
      {explaining && (
        <ExplainDialog
          transaction={explaining}
          onClose={() => setExplaining(null)}
          onExplained={(explanation) => {
            setExplained({ transaction: explaining, explanation });
            if (chosen?.id === explaining.id) setChosen(null);
            setExplaining(null);
          }}
        />
      )}
    </div>
  );
}

export function UnmatchedOpenItems({ koncernId }: { koncernId: string }) {
  const t = useReconciliationText();
  const { itemDirections } = useDirections();
  const [search, setSearch] = useState<CounterpartSearch>({});
  const [chosen, setChosen] = useState<OpenItem | null>(null);
  const query = useUnmatchedOpenItems(search);
  const canPropose = useCan('write:reconciliation');
  const proposal = useProposePair({ onProposed: () => setChosen(null) });
  const results = query.data?.results ?? [];
  const counterpartTitle = chosen
    ? t('counterpartFor', { what: `${chosen.external_id} ${chosen.counterparty_name}` })
    : '';
  return (
    <div className="space-y-4 pt-4">
      <SearchForm
        initial={search}
        onSearch={setSearch}
        label={t('tab.openItems')}
        directions={itemDirections}
      />
      <ProposalOutcome proposal={proposal} />
      {query.isPending ? (
        <Skeleton rows={5} label={t('tab.openItems')} />
      ) : query.error ? (
        <QueryError what={t('tab.openItems')} error={query.error} onRetry={() => void query.refetch()} />
      ) : results.length === 0 ? (
        <Empty>{t('openItemsEmpty')}</Empty>
      ) : (
        <>
          <OpenItemRows
            label={t('tab.openItems')}
            items={results}
            actions={
              canPropose
                ? (item) => [
                    {
                      label: t('findCounterpart'),
                      pressed: chosen?.id === item.id,
                      onClick: () => setChosen(chosen?.id === item.id ? null : item),
                    },
                  ]
                : null
            }
          />
          <MoreResults shown={results.length} />
        </>
      )}
      {chosen && (
        <CounterpartPanel title={counterpartTitle}>
          <TransactionFinder
            key={chosen.id}
            label={counterpartTitle}
            koncernId={koncernId}
            initial={{
              amount: chosen.open_amount.amount,
              direction: chosen.kind === 'receivable' ? 'in' : 'out',
            }}
            onPick={(transaction) =>
              proposal.send({ transactionIds: [transaction.id], openItemIds: [chosen.id] })
            }
          />
        </CounterpartPanel>
      )}
    </div>
  );
}

function CounterpartPanel({ title, children }: { title: string; children: ReactNode }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="card space-y-3" data-testid="counterpart-panel">
      <h3 id={headingId} className="font-semibold">
        {title}
      </h3>
      {children}
    </section>
  );
}

function OpenItemFinder({
  label,
  initial,
  onPick,
}: {
  label: string;
  initial: CounterpartSearch;
  onPick: (item: OpenItem) => void;
}) {
  const t = useReconciliationText();
  const { itemDirections } = useDirections();
  const [search, setSearch] = useState(initial);
  const query = useUnmatchedOpenItems(search);
  const results = query.data?.results ?? [];
  return (
    <>
      <SearchForm initial={initial} onSearch={setSearch} label={label} directions={itemDirections} />
      {query.isPending ? (
        <Skeleton rows={2} />
      ) : query.error ? (
        <QueryError what={t('tab.openItems')} error={query.error} onRetry={() => void query.refetch()} />
      ) : results.length === 0 ? (
        <Empty>{t('openItemsEmpty')}</Empty>
      ) : (
        <OpenItemRows
          label={t('tab.openItems')}
          items={results}
          actions={(item) => [{ label: t('proposePair'), onClick: () => onPick(item) }]}
        />
      )}
    </>
  );
}

function TransactionFinder({
  label,
  koncernId,
  initial,
  onPick,
}: {
  label: string;
  koncernId: string;
  initial: CounterpartSearch;
  onPick: (transaction: Transaction) => void;
}) {
  const t = useReconciliationText();
  const { transactionDirections } = useDirections();
  const [search, setSearch] = useState(initial);
  const query = useUnmatchedTransactions(koncernId, search);
  const results = query.data?.results ?? [];
  return (
    <>
      <SearchForm initial={initial} onSearch={setSearch} label={label} directions={transactionDirections} />
      {query.isPending ? (
        <Skeleton rows={2} />
      ) : query.error ? (
        <QueryError what={t('tab.transactions')} error={query.error} onRetry={() => void query.refetch()} />
      ) : results.length === 0 ? (
        <Empty>{t('transactionsEmpty')}</Empty>
      ) : (
        <TransactionRows
          label={t('tab.transactions')}
          transactions={results}
          actions={(transaction) => [{ label: t('proposePair'), onClick: () => onPick(transaction) }]}
        />
      )}
    </>
  );
}
