import { useRef, type KeyboardEvent } from 'react';
import { useCan } from '../../auth/auth';
import { useViewParams } from '../../shell/view-params';
import { KoncernGate } from '../koncerner/KoncernGate';
import { Explained } from './Explained';
import { ImportPanel } from './ImportPanel';
import { MatchQueue } from './MatchQueue';
import { useReconciliationText, type ReconciliationMessageKey } from './messages';
import { SummaryNumbers } from './SummaryNumbers';
import { UnmatchedOpenItems, UnmatchedTransactions } from './Unmatched';

const TABS = ['queue', 'transactions', 'open-items', 'explained', 'import'] as const;
type Tab = (typeof TABS)[number];

const TAB_LABELS: Record<Tab, ReconciliationMessageKey> = {
  queue: 'tab.queue',
  transactions: 'tab.transactions',
  'open-items': 'tab.openItems',
  explained: 'tab.explained',
  import: 'tab.import',
};

export function ReconciliationPage() {
  const t = useReconciliationText();
  return (
    <section aria-labelledby="page-title" className="space-y-4">
      <h2 id="page-title" className="text-xl font-semibold">
        {t('title')}
      </h2>
      <KoncernGate>{(koncernId) => <Views koncernId={koncernId} />}</KoncernGate>
    </section>
  );
}

/** The tab lives in the URL (`?tab=import`), so each view is a link and Back returns to the last one. */
function Views({ koncernId }: { koncernId: string }) {
  const t = useReconciliationText();
  const { params, set } = useViewParams();
  // Importing files is work on the books: offered to those who may do it.
  const tabs: readonly Tab[] = useCan('write:reconciliation') ? TABS : TABS.filter((tab) => tab !== 'import');
  const current = tabs.find((tab) => tab === params.get('tab')) ?? 'queue';
  const buttons = useRef(new Map<Tab, HTMLButtonElement>());
  const show = (tab: Tab) => set({ tab: tab === 'queue' ? null : tab });

  // The WAI-ARIA tabs pattern: arrow keys move between tabs, Home and End to the ends.
  const onKeyDown = (event: KeyboardEvent) => {
    const index = tabs.indexOf(current);
    const to =
      event.key === 'ArrowRight'
        ? tabs[(index + 1) % tabs.length]
        : event.key === 'ArrowLeft'
          ? tabs[(index + tabs.length - 1) % tabs.length]
          : event.key === 'Home'
            ? tabs[0]
            : event.key === 'End'
              ? tabs[tabs.length - 1]
              : undefined;
    if (!to) return;
    event.preventDefault();
    show(to);
    buttons.current.get(to)?.focus();
  };

  return (
    <>
      <SummaryNumbers />
      <div
        role="tablist"
        aria-label={t('tabs')}
        className="flex flex-wrap gap-1 border-b border-slate-300 dark:border-slate-600"
        onKeyDown={onKeyDown}
      >
        {tabs.map((tab) => (
          <button
            key={tab}
            ref={(element) => {
              if (element) buttons.current.set(tab, element);
              else buttons.current.delete(tab);
            }}
            type="button"
            role="tab"
            id={`tab-${tab}`}
            aria-selected={tab === current}
            aria-controls={`panel-${tab}`}
            tabIndex={tab === current ? 0 : -1}
            onClick={() => show(tab)}
            className={`-mb-px rounded-t-md border px-3 py-2 ${
              tab === current
                ? 'border-slate-300 border-b-white bg-white font-semibold dark:border-slate-600 dark:border-b-slate-900 dark:bg-slate-900'
                : 'border-transparent text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'
            }`}
          >
            {t(TAB_LABELS[tab])}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${current}`} aria-labelledby={`tab-${current}`}>
        {current === 'queue' && <MatchQueue koncernId={koncernId} />}
        {current === 'transactions' && <UnmatchedTransactions koncernId={koncernId} />}
        {current === 'open-items' && <UnmatchedOpenItems koncernId={koncernId} />}
        {current === 'explained' && <Explained />}
        {current === 'import' && <ImportPanel onShowQueue={() => show('queue')} />}
      </div>
    </>
  );
}
