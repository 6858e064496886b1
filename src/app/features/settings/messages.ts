import { useCallback } from 'react';
import { useI18n } from '../../lib/i18n';

/* The words of the settings page, Swedish and English, beside the feature. */
const sv = {
  settings: 'Inställningar',
  nothingForRole: 'Din roll ger inga inställningar att se. Be en administratör om hjälp.',
  autoConfirm: 'Automatisk bekräftelse',
  autoConfirmIntro:
    'Avstämningsmotorn bekräftar själv de förslag vars säkerhet når tröskeln; resten väntar i matchningskön. En ändring gäller förslag från och med nu.',
  autoConfirmCurrent: 'Motorn bekräftar förslag med minst {percent} säkerhet.',
  autoConfirmDefault: '(Finvis standard)',
  changedAt: '(ändrad {time})',
  autoConfirmReadOnly: 'Den som arbetar med avstämning kan ändra tröskeln.',
  threshold: 'Tröskel (%)',
  thresholdHint: 'Mellan 0 och 100, högst två decimaler. 100 bekräftar bara förslag som motorn är säker på.',
  thresholdInvalid:
    'Ange en procentsats mellan 0 och 100 med högst två decimaler, till exempel 97 eller 99,5.',
  save: 'Spara',
  remove: 'Ta bort',
  buffers: 'Likviditetsbuffertar',
  buffersIntro:
    'Det lägsta saldo varje bolag bör hålla, i SEK. Prognosen varnar när ett bolags beräknade saldo går under bufferten (utan buffert: under noll).',
  company: 'Bolag',
  buffer: 'Buffert',
  noBuffer: 'Ingen',
  changeBuffer: 'Ändra',
  newBufferFor: 'Ny buffert i SEK för {company}',
  saveBufferFor: 'Spara bufferten för {company}',
  removeBufferFor: 'Ta bort bufferten för {company}',
  buffersReadOnly: 'Den som hanterar betalningar kan ändra buffertarna.',
  bufferInvalid: 'Ange ett belopp i SEK, noll eller mer, med högst två decimaler, till exempel 2 000 000.',
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
  nothingForRole: 'Your role has no settings to see. Ask an administrator for help.',
  autoConfirm: 'Automatic confirmation',
  autoConfirmIntro:
    'The reconciliation engine confirms by itself the proposals whose confidence reaches the threshold; the rest wait in the match queue. A change applies to proposals from now on.',
  autoConfirmCurrent: 'The engine confirms proposals with a confidence of at least {percent}.',
  autoConfirmDefault: '(the Finvis default)',
  changedAt: '(changed {time})',
  autoConfirmReadOnly: 'People who work on reconciliation can change the threshold.',
  threshold: 'Threshold (%)',
  thresholdHint: 'From 0 to 100, at most two decimals. 100 confirms only proposals the engine is certain of.',
  thresholdInvalid: 'Enter a percentage from 0 to 100 with at most two decimals, such as 97 or 99.5.',
  save: 'Save',
  remove: 'Remove',
  buffers: 'Liquidity buffers',
  buffersIntro:
    'The lowest balance each company should keep, in SEK. The forecast warns when a company’s projected balance falls below its buffer (without one: below zero).',
  company: 'Company',
  buffer: 'Buffer',
  noBuffer: 'None',
  changeBuffer: 'Change',
  newBufferFor: 'New buffer in SEK for {company}',
  saveBufferFor: 'Save the buffer for {company}',
  removeBufferFor: 'Remove the buffer for {company}',
  buffersReadOnly: 'People who manage payments can change the buffers.',
  bufferInvalid: 'Enter an amount in SEK, zero or more, with at most two decimals, such as 2,000,000.',
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
