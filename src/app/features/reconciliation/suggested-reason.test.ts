import { expect, it } from 'vitest';
import { suggestedReason } from './suggested-reason';

it('suggests the reason from the category, else from the counterparty, else other', () => {
  expect(suggestedReason({ category: 'salary', counterparty_name: 'Bankgirot Löner' })).toBe('salary');
  expect(suggestedReason({ category: 'vat', counterparty_name: null })).toBe('tax');
  expect(suggestedReason({ category: 'card_fee', counterparty_name: null })).toBe('bank_fee');
  expect(suggestedReason({ category: null, counterparty_name: 'SKATTEVERKET' })).toBe('tax');
  expect(suggestedReason({ category: null, counterparty_name: 'Löner november' })).toBe('salary');
  expect(suggestedReason({ category: null, counterparty_name: 'Nordea ränta' })).toBe('interest');
  expect(suggestedReason({ category: null, counterparty_name: 'Månadsavgift' })).toBe('bank_fee');
  expect(suggestedReason({ category: 'supplier_payment', counterparty_name: 'Lönnbergs Bygg AB' })).toBe(
    'other',
  );
  expect(suggestedReason({ category: null, counterparty_name: null })).toBe('other');
});
