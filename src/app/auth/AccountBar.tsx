import { useI18n } from '../lib/i18n';
import { auth, roleLabel, useAuth } from './auth';

const ENGLISH_ROLES: Record<string, string> = {
  cfo: 'Chief Financial Officer (CFO)',
  approver: 'Approver',
  treasurer: 'Treasurer',
  admin: 'Administrator',
};

/** The signed-in person's name and role, and sign-out; or the way in. */
export function AccountBar() {
  const state = useAuth();
  const { lang, t } = useI18n();
  const label = (role: string) => (lang === 'en' ? (ENGLISH_ROLES[role] ?? role) : roleLabel(role));
  const button = 'btn';
  switch (state.status) {
    case 'loading':
      return <p className="text-slate-600 dark:text-slate-300">{t('checkingSignIn')}</p>;
    case 'error':
      return (
        <p role="alert" className="text-red-700 dark:text-red-300">
          {state.message}
        </p>
      );
    case 'signed-out':
      return (
        <button type="button" className={button} onClick={() => void auth.signIn()}>
          {t('signIn')}
        </button>
      );
    case 'signed-in':
      return (
        <div className="flex items-center gap-4" data-testid="signed-in-person">
          <p>
            <span className="font-medium">{state.person.name}</span>
            <span className="text-slate-700 dark:text-slate-300">
              {' — '}
              {state.person.roles.map(label).join(', ') || t('noRole')}
            </span>
          </p>
          <button type="button" className={button} onClick={() => void auth.signOut()}>
            {t('signOut')}
          </button>
        </div>
      );
  }
}
