import type { ReactNode } from 'react';
import { Empty, QueryError, Skeleton } from '../../components/QueryStates';
import { useI18n } from '../../lib/i18n';
import { useKoncern } from './use-koncern';

/** Renders `children` with the view's koncern once the person is signed in and it is known. */
export function KoncernGate({ children }: { children: (koncernId: string) => ReactNode }) {
  const { t } = useI18n();
  const { signedIn, koncern, query } = useKoncern();
  if (!signedIn) return <p className="card">{t('signInFirst')}</p>;
  if (query.isPending) return <Skeleton rows={4} />;
  if (query.error) {
    return <QueryError what={t('koncerner')} error={query.error} onRetry={() => void query.refetch()} />;
  }
  if (!koncern) return <Empty />;
  return children(koncern.id);
}
