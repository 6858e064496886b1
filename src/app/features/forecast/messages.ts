import { useCallback } from 'react';
import { useI18n } from '../../lib/i18n';

/*
 * The words of the cashflow forecast, Swedish and English, beside the feature like the payments pages'
 * words; the language is the app's (useI18n).
 */
const sv = {
  forecast: 'Prognos',
  forecastTitle: 'Prognos {weeks} veckor framåt',
  forecastCaption:
    'Prognosen fortsätter efter i dag med {count} perioder till {to}, med 80 %- och 95 %-intervall.',
  forecastPeriod: 'Prognos {period}',
  forecastClosing: 'Prognos: utgående saldo',
  forecastInflow: 'Prognos: inflöde',
  forecastOutflow: 'Prognos: utflöde',
  band80: '80 %-intervall',
  band95: '95 %-intervall',
  bandRange: '{low} – {high}',
  lowestPoint: 'Lägsta prognostiserade saldo: {balance} den {date}.',
  lowestMarker: 'Lägsta',
  belowBuffer: 'Under buffert',
  belowBufferNote: 'Skuggade perioder: minst ett bolag väntas hamna under sin likviditetsbuffert.',
  accuracyTitle: 'Träffsäkerhet',
  accuracy:
    'Senaste 12 månaderna: veckosaldot inom {mape} i genomsnitt; {coverage} av veckorna inom 80 %-intervallet.',
  accuracyBaseline: 'En säsongsnaiv prognos (samma vecka förra året) missade med {baseline} i genomsnitt.',
  accuracyNone: 'Historiken räcker ännu inte för att mäta prognosens träffsäkerhet.',
  accuracyWhat: 'prognosens träffsäkerhet',
  warningsTitle: 'Likviditetsvarningar',
  warningsWhat: 'likviditetsvarningar',
  noWarnings: 'Inget bolag väntas hamna under noll eller under sin buffert de närmaste {weeks} veckorna.',
  warningBelowZero: '{name} väntas hamna under noll den {date}.',
  warningBelowBuffer: '{name} väntas hamna under sin buffert på {buffer} den {date}.',
  warningLowest: 'Lägsta saldo {balance} den {date}.',
  warningWeeks: 'Veckor under: {weeks}.',
  warningCauses: 'Utbetalningar som leder dit',
  kindOf: 'Källa',
  'source.payment_batch': 'Betalningsuppdrag',
  'source.receivable': 'Kundfordran',
  'source.payable': 'Leverantörsskuld',
  'source.recurring': 'Återkommande',
  showFlows: 'Visa kända flöden för {period}',
  knownFlowsTitle: 'Kända flöden {period}',
  knownFlowsHint:
    'Välj en prognosperiod i diagrammet (klicka, eller Enter med piltangenterna) eller i tabellen.',
  knownFlowsNone: 'Inga kända betalningar, fordringar eller skulder i perioden.',
  knownFlowsOmitted: 'Därtill mindre kända flöden ({count} st.): in {inflow}, ut {outflow}.',
  recurringFlowsTitle: 'Återkommande flöden',
  recurringFlowsNone: 'Inga återkommande flöden i perioden.',
  counterparty: 'Motpart',
  category: 'Kategori',
  date: 'Datum',
  scheduled: 'Begärt datum',
  amount: 'Belopp',
  inSek: 'I SEK',
  intraGroup: 'koncernintern',
  sourcesSplit: 'Kända {known}, återkommande {recurring}, statistisk modell {statistical} (netto).',
  closeFlows: 'Stäng',
  'category.salary': 'Löner',
  'category.employer_tax': 'Arbetsgivaravgifter',
  'category.vat': 'Moms',
  'category.tax': 'Skatt',
  'category.rent': 'Hyra',
  'category.loan_interest': 'Låneränta',
  'category.bank_fee': 'Bankavgifter',
  'category.card_fee': 'Kortavgifter',
  'category.interest': 'Ränta',
  'category.management_fee': 'Management fee',
  notToday: 'Prognosen visas när datumet är i dag: den fortsätter från dagens saldo.',
  periodRange: '{from} – {to}',
};

export type ForecastMessageKey = keyof typeof sv;

const en: Record<ForecastMessageKey, string> = {
  forecast: 'Forecast',
  forecastTitle: 'Forecast {weeks} weeks ahead',
  forecastCaption: 'The forecast continues after today with {count} periods to {to}, with 80% and 95% bands.',
  forecastPeriod: 'Forecast {period}',
  forecastClosing: 'Forecast: closing balance',
  forecastInflow: 'Forecast: inflow',
  forecastOutflow: 'Forecast: outflow',
  band80: '80% band',
  band95: '95% band',
  bandRange: '{low} – {high}',
  lowestPoint: 'Lowest projected balance: {balance} on {date}.',
  lowestMarker: 'Lowest',
  belowBuffer: 'Below buffer',
  belowBufferNote: 'Shaded periods: at least one company is expected to fall below its liquidity buffer.',
  accuracyTitle: 'Accuracy',
  accuracy:
    'Last 12 months: weekly balance within {mape} on average; {coverage} of weeks inside the 80% band.',
  accuracyBaseline: 'A seasonal-naive forecast (the same week last year) missed by {baseline} on average.',
  accuracyNone: 'There is not yet enough history to measure the forecast’s accuracy.',
  accuracyWhat: 'the forecast’s accuracy',
  warningsTitle: 'Liquidity warnings',
  warningsWhat: 'liquidity warnings',
  noWarnings: 'No company is expected to fall below zero or below its buffer in the next {weeks} weeks.',
  warningBelowZero: '{name} is expected to fall below zero on {date}.',
  warningBelowBuffer: '{name} is expected to fall below its buffer of {buffer} on {date}.',
  warningLowest: 'Lowest balance {balance} on {date}.',
  warningWeeks: 'Weeks below: {weeks}.',
  warningCauses: 'Outflows leading there',
  kindOf: 'Source',
  'source.payment_batch': 'Payment batch',
  'source.receivable': 'Receivable',
  'source.payable': 'Payable',
  'source.recurring': 'Recurring',
  showFlows: 'Show known flows for {period}',
  knownFlowsTitle: 'Known flows {period}',
  knownFlowsHint:
    'Choose a forecast period in the chart (click, or Enter after the arrow keys) or in the table.',
  knownFlowsNone: 'No known payments, receivables or payables in the period.',
  knownFlowsOmitted: 'Plus smaller known flows ({count}): in {inflow}, out {outflow}.',
  recurringFlowsTitle: 'Recurring flows',
  recurringFlowsNone: 'No recurring flows in the period.',
  counterparty: 'Counterparty',
  category: 'Category',
  date: 'Date',
  scheduled: 'Date asked for',
  amount: 'Amount',
  inSek: 'In SEK',
  intraGroup: 'intra-group',
  sourcesSplit: 'Known {known}, recurring {recurring}, statistical model {statistical} (net).',
  closeFlows: 'Close',
  'category.salary': 'Salaries',
  'category.employer_tax': 'Employer contributions',
  'category.vat': 'VAT',
  'category.tax': 'Tax',
  'category.rent': 'Rent',
  'category.loan_interest': 'Loan interest',
  'category.bank_fee': 'Bank fees',
  'category.card_fee': 'Card fees',
  'category.interest': 'Interest',
  'category.management_fee': 'Management fees',
  notToday: 'The forecast is shown when the date is today: it continues from today’s balance.',
  periodRange: '{from} – {to}',
};

const tables: Record<'sv' | 'en', Record<ForecastMessageKey, string>> = { sv, en };

export type ForecastText = (key: ForecastMessageKey, vars?: Record<string, string | number>) => string;

export function forecastText(lang: 'sv' | 'en'): ForecastText {
  return (key, vars) => {
    const text = tables[lang][key];
    return vars ? text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? '')) : text;
  };
}

/** `t` for the forecast, in the app's language. */
export function useForecastText(): ForecastText {
  const { lang } = useI18n();
  return useCallback<ForecastText>((key, vars) => forecastText(lang)(key, vars), [lang]);
}

/** A recurring flow's category in words; a category the dashboard does not know yet is shown as sent. */
export function categoryText(t: ForecastText, category: string): string {
  const key = `category.${category}`;
  return key in sv ? t(key as ForecastMessageKey) : category;
}
