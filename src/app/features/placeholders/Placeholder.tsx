import { useI18n } from '../../lib/i18n';
import type { MessageKey } from '../../lib/messages';

export function Placeholder({ page }: { page: MessageKey }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="page-title">
      <h2 id="page-title" className="text-xl font-semibold">
        {t(page)}
      </h2>
      <p className="mt-2">{t('comingLater', { page: t(page) })}</p>
    </section>
  );
}

export function NotFound() {
  const { t } = useI18n();
  return (
    <section aria-labelledby="page-title">
      <h2 id="page-title" className="text-xl font-semibold">
        404
      </h2>
      <p className="mt-2">{t('notFound')}</p>
    </section>
  );
}
