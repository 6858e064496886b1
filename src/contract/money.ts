import { z } from 'zod';

export const currencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 currency code such as SEK')
  .meta({ description: 'ISO 4217 currency code.', example: 'SEK' });

/** A decimal string with exactly the currency's ISO 4217 minor digits; never a JSON number. */
export const decimalAmount = z
  .string()
  .regex(/^-?\d{1,18}(\.\d{1,4})?$/, 'must be a decimal string such as "1250000.00"')
  .meta({ description: "A decimal string with the currency's minor digits.", example: '1250000.00' });

export const money = z
  .object({ amount: decimalAmount, currency: currencyCode })
  .meta({ id: 'Money', description: 'An amount of money: a decimal string and its currency.' });

export type Money = z.infer<typeof money>;

/** A business date in Europe/Stockholm, YYYY-MM-DD. */
export const businessDate = z.iso
  .date()
  .meta({ description: 'A business date (Europe/Stockholm), YYYY-MM-DD.', example: '2026-11-25' });

/** An instant, RFC 3339 in UTC. */
export const timestamp = z.iso
  .datetime()
  .meta({ description: 'RFC 3339 timestamp in UTC.', example: '2026-11-25T08:30:00Z' });
