import { useI18n } from '../../lib/i18n';

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
