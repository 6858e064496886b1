import type { CountryCode } from './model';
import type { Rng } from './rng';

/** Invented names: every company here is fictitious; only the banks and authorities are real. */

const STEM_HEADS = [
  'Norr',
  'Väst',
  'Ek',
  'Björk',
  'Gran',
  'Fjäll',
  'Sjö',
  'Berg',
  'Sol',
  'Havs',
  'Lind',
  'Stor',
  'Silver',
  'Järn',
  'Kvarn',
  'Rönn',
  'Hassel',
  'Tall',
  'Ström',
  'Vinter',
  'Öster',
  'Malm',
  'Al',
  'Sälg',
  'Ljung',
  'Sten',
  'Vass',
  'Myr',
  'Åker',
  'Ask',
  'Lönn',
  'Moln',
  'Snö',
] as const;

const STEM_TAILS = [
  'sken',
  'vind',
  'holm',
  'backen',
  'brand',
  'örn',
  'dal',
  'vik',
  'ås',
  'sund',
  'näs',
  'berga',
  'mark',
  'lund',
  'by',
  'hamn',
  'fors',
  'stad',
  'kulla',
  'bro',
  'hed',
  'torp',
  'udden',
  'gården',
  'viken',
  'fjärd',
] as const;

/** A Swedish-sounding name stem such as "Fjällvik" or "Silverhamn". */
export function nameStem(rng: Rng): string {
  return `${rng.pick(STEM_HEADS)}${rng.pick(STEM_TAILS)}`;
}

const SWEDISH_LINES = [
  'Logistik',
  'Bygg',
  'Teknik',
  'Data',
  'Industri',
  'Fastigheter',
  'Service',
  'Energi',
  'Handel',
  'Verkstäder',
  'Förpackning',
  'Konsult',
  'Produktion',
  'Miljö',
  'Installation',
  'Digital',
] as const;

const COUNTRY_SUBSIDIARY: Record<CountryCode, (stem: string, rng: Rng) => string> = {
  SE: (stem, rng) => `${stem} ${rng.pick(SWEDISH_LINES)} AB`,
  NO: (stem, rng) => `${stem} ${rng.pick(['Norge', 'Norway', 'Oslo'])} AS`,
  DK: (stem, rng) => `${stem} ${rng.pick(['Danmark', 'Denmark', 'Nordic'])} ${rng.pick(['A/S', 'ApS'])}`,
  FI: (stem, rng) => `${stem} ${rng.pick(['Suomi', 'Finland'])} Oy`,
  DE: (stem, rng) => `${stem} ${rng.pick(['Deutschland', 'Germany', 'Technik'])} GmbH`,
  US: (stem, rng) => `${stem} ${rng.pick(['USA', 'North America', 'Americas'])} Inc.`,
  GB: (stem, rng) => `${stem} ${rng.pick(['UK', 'Britain'])} Ltd`,
  NL: (stem, rng) => `${stem} ${rng.pick(['Nederland', 'Benelux'])} B.V.`,
};

export function subsidiaryName(stem: string, country: CountryCode, rng: Rng): string {
  return COUNTRY_SUBSIDIARY[country](stem, rng);
}

const CP_HEADS = [
  'Nordisk',
  'Svensk',
  'Skandinavisk',
  'Mälar',
  'Göta',
  'Bohus',
  'Dala',
  'Norrlands',
  'Roslags',
  'Skåne',
  'Upplands',
  'Vänern',
  'Öresund',
  'Kust',
  'Hallands',
  'Småländsk',
  'Västgöta',
  'Jämt',
  'Lapplands',
  'Gotlands',
  'Värmlands',
  'Östgöta',
  'Södertörns',
  'Botnia',
] as const;

const CP_TRADES = [
  'Bygg',
  'Plåt',
  'El',
  'VVS',
  'Frakt',
  'Transport',
  'Trä',
  'Stål',
  'Maskin',
  'Data',
  'Kontorsmaterial',
  'Städ',
  'Revision',
  'Juristbyrå',
  'Livsmedel',
  'Kemi',
  'Verktyg',
  'Förpackning',
  'Tryckeri',
  'Kyl',
  'Lack',
  'Plast',
  'Reklam',
  'Bemanning',
  'Säkerhet',
  'Glas',
  'Mekaniska',
  'Elektronik',
] as const;

const CP_FORMS_SE = [
  'AB',
  'AB',
  'AB',
  'i Göteborg AB',
  'i Stockholm AB',
  '& Söner AB',
  'Handelsbolag',
  'Ekonomisk förening',
] as const;

const SURNAMES = [
  'Lindqvist',
  'Andersson',
  'Bergström',
  'Karlsson',
  'Nyberg',
  'Holm',
  'Sjöberg',
  'Wallin',
  'Lundgren',
  'Ekström',
  'Forsberg',
  'Hedlund',
  'Sandberg',
  'Åkesson',
  'Öberg',
  'Dahl',
  'Engström',
  'Nordin',
] as const;

const NORDIC_FORMS: Record<CountryCode, readonly string[]> = {
  SE: CP_FORMS_SE,
  NO: ['AS', 'AS', 'ASA'],
  DK: ['A/S', 'ApS'],
  FI: ['Oy', 'Oy Ab'],
  DE: ['GmbH', 'GmbH & Co. KG', 'AG'],
  US: ['Inc.', 'LLC', 'Corp.'],
  GB: ['Ltd', 'plc'],
  NL: ['B.V.'],
};

const FOREIGN_HEADS: Record<CountryCode, readonly string[]> = {
  SE: CP_HEADS,
  NO: ['Fjord', 'Bergen', 'Trønder', 'Viken', 'Nordlands', 'Oslo', 'Vestland', 'Hålogaland'],
  DK: ['Jysk', 'Fyns', 'Sjællands', 'Øresund', 'Aarhus', 'Nordjysk', 'Vestjysk'],
  FI: ['Suomen', 'Pohjolan', 'Hämeen', 'Turun', 'Saimaan', 'Lapin', 'Karjalan'],
  DE: ['Rhein', 'Nord', 'Hanse', 'Bayerische', 'Elbe', 'Schwäbische', 'Berliner'],
  US: ['Great Lakes', 'Pacific', 'Atlantic', 'Midwest', 'Lone Star', 'Hudson', 'Summit'],
  GB: ['Thames', 'Pennine', 'Mercia', 'Albion'],
  NL: ['Holland', 'Delta', 'Zuid', 'Noord'],
};

const FOREIGN_TRADES: Record<CountryCode, readonly string[]> = {
  SE: CP_TRADES,
  NO: ['Bygg', 'Transport', 'Elektro', 'Maskin', 'Data', 'Sjømat', 'Stål'],
  DK: ['Byg', 'Transport', 'El', 'Maskin', 'Data', 'Emballage', 'Fødevarer'],
  FI: ['Rakennus', 'Kuljetus', 'Sähkö', 'Kone', 'Tieto', 'Metalli', 'Puu'],
  DE: ['Logistik', 'Maschinenbau', 'Elektrotechnik', 'Stahl', 'Verpackung', 'Software'],
  US: ['Logistics', 'Industrial Supply', 'Machinery', 'Software', 'Packaging', 'Electric'],
  GB: ['Logistics', 'Engineering', 'Supplies'],
  NL: ['Logistiek', 'Techniek', 'Verpakking'],
};

/** An invented business counterparty (customer or supplier) in `country`. */
export function counterpartyName(rng: Rng, country: CountryCode): string {
  const forms = NORDIC_FORMS[country];
  if (country === 'SE' && rng.chance(25)) {
    return `${rng.pick(SURNAMES)}s ${rng.pick(CP_TRADES)} ${rng.pick(forms)}`;
  }
  return `${rng.pick(FOREIGN_HEADS[country])} ${rng.pick(FOREIGN_TRADES[country])} ${rng.pick(forms)}`;
}

/** An invented landlord (fastighetsbolag). */
export function landlordName(rng: Rng, country: CountryCode): string {
  switch (country) {
    case 'SE':
      return `${rng.pick(['Fastighets AB', 'Förvaltnings AB', 'Fastigheter AB'])} ${rng.pick(STEM_HEADS)}${rng.pick(STEM_TAILS)}`;
    case 'NO':
      return `${rng.pick(FOREIGN_HEADS.NO)} Eiendom AS`;
    case 'DK':
      return `${rng.pick(FOREIGN_HEADS.DK)} Ejendomme A/S`;
    case 'FI':
      return `Kiinteistö Oy ${rng.pick(['Keskusta', 'Satama', 'Rantapuisto'])}`;
    case 'DE':
      return `${rng.pick(FOREIGN_HEADS.DE)} Immobilien GmbH`;
    default:
      return `${rng.pick(FOREIGN_HEADS[country])} Properties LLC`;
  }
}

/** Each country's tax authority, for tax payments. */
export const TAX_AUTHORITY: Record<CountryCode, string> = {
  SE: 'Skatteverket',
  NO: 'Skatteetaten',
  DK: 'Skattestyrelsen',
  FI: 'Verohallinto',
  DE: 'Finanzamt',
  US: 'Internal Revenue Service',
  GB: 'HM Revenue & Customs',
  NL: 'Belastingdienst',
};
