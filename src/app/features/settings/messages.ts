import { useCallback } from 'react';
import { useI18n } from '../../lib/i18n';

/* The words of the settings page, Swedish and English, beside the feature. */
const sv = {
  settings: 'Inställningar',
  adminsOnly: 'Inställningarna är till för administratörer. Be en administratör om hjälp.',
  webhooks: 'Webhooks',
  webhooksIntro:
    'Finvis skickar signerade händelser till era system. Varje leverans signeras med slutpunktens hemlighet (X-Finvis-Signature och Standard Webhooks).',
  endpoints: 'Slutpunkter',
  noEndpoints: 'Inga slutpunkter ännu.',
  url: 'Adress (URL)',
  events: 'Händelser',
  allEvents: 'Alla händelser',
  state: 'Läge',
  enabled: 'Aktiv',
  disabled: 'Avstängd',
  'reason.disabled_by_client': 'avstängd av er',
  'reason.endpoint_gone': 'svarade 410 Gone',
  'reason.retries_exhausted': 'alla försök misslyckades i 3 dygn',
  actions: 'Åtgärder',
  enable: 'Aktivera',
  disable: 'Stäng av',
  rotate: 'Byt hemlighet',
  showDeliveries: 'Visa leveranser',
  addEndpoint: 'Lägg till slutpunkt',
  add: 'Lägg till',
  description: 'Beskrivning',
  pickEvents: 'Välj minst en händelse.',
  secretTitle: 'Signeringshemlighet för {url}',
  secretOnce:
    'Hemligheten visas bara nu. Spara den i ert system; den gamla (efter ett byte) gäller 24 timmar till.',
  hideSecret: 'Jag har sparat den',
  deliveries: 'Leveranser till {url}',
  noDeliveries: 'Inga leveranser ännu.',
  time: 'Tid',
  event: 'Händelse',
  attempt: 'Försök',
  result: 'Resultat',
  latency: 'Svarstid',
  ok: 'Levererad',
  failed: 'Misslyckades',
  noStatus: 'inget svar',
  redeliver: 'Skicka igen',
  redelivered: 'Händelsen skickas igen.',
  writeFailed: 'Det gick inte: {message}',
  closeDeliveries: 'Stäng leveranserna',
};

type SettingsMessageKey = keyof typeof sv;

const en: Record<SettingsMessageKey, string> = {
  settings: 'Settings',
  adminsOnly: 'Settings are for administrators. Ask an administrator for help.',
  webhooks: 'Webhooks',
  webhooksIntro:
    'Finvis sends signed events to your systems. Every delivery is signed with the endpoint’s secret (X-Finvis-Signature and Standard Webhooks).',
  endpoints: 'Endpoints',
  noEndpoints: 'No endpoints yet.',
  url: 'URL',
  events: 'Events',
  allEvents: 'All events',
  state: 'State',
  enabled: 'Enabled',
  disabled: 'Disabled',
  'reason.disabled_by_client': 'disabled by you',
  'reason.endpoint_gone': 'answered 410 Gone',
  'reason.retries_exhausted': 'every attempt failed for 3 days',
  actions: 'Actions',
  enable: 'Enable',
  disable: 'Disable',
  rotate: 'Rotate secret',
  showDeliveries: 'Show deliveries',
  addEndpoint: 'Add an endpoint',
  add: 'Add',
  description: 'Description',
  pickEvents: 'Pick at least one event.',
  secretTitle: 'Signing secret for {url}',
  secretOnce:
    'The secret is shown only now. Store it in your system; after a rotation the old one stays valid for 24 hours.',
  hideSecret: 'I have stored it',
  deliveries: 'Deliveries to {url}',
  noDeliveries: 'No deliveries yet.',
  time: 'Time',
  event: 'Event',
  attempt: 'Attempt',
  result: 'Result',
  latency: 'Latency',
  ok: 'Delivered',
  failed: 'Failed',
  noStatus: 'no answer',
  redeliver: 'Redeliver',
  redelivered: 'The event is being sent again.',
  writeFailed: 'That did not work: {message}',
  closeDeliveries: 'Close the deliveries',
};

const tables: Record<'sv' | 'en', Record<SettingsMessageKey, string>> = { sv, en };

export function useSettingsText() {
  const { lang } = useI18n();
  return useCallback(
    (key: SettingsMessageKey, vars?: Record<string, string>) =>
      tables[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => vars?.[name] ?? ''),
    [lang],
  );
}

export function reasonKey(reason: string): SettingsMessageKey | null {
  const key = `reason.${reason}`;
  return key in sv ? (key as SettingsMessageKey) : null;
}
