import type { Currency } from '../../banking/currency';

/** The currencies offered in the dashboard's currency filters: those a Nordic koncern banks in. */
export const FILTER_CURRENCIES: readonly Currency[] = ['SEK', 'EUR', 'USD', 'NOK', 'DKK', 'GBP'];
