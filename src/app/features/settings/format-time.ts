import type { DisplayLocale } from '../../../banking/money';

/** An RFC 3339 instant as Stockholm wall-clock time in the person's locale (sv-SE or en-GB). */
export function formatInstant(iso: string, locale: DisplayLocale): string {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'short',
    timeStyle: 'medium',
    timeZone: 'Europe/Stockholm',
  }).format(new Date(iso));
}
