import { XMLBuilder } from 'fast-xml-parser';
import { isCurrency } from '../../banking/currency';
import { formatAmount } from '../../banking/money';
import type { BatchRow, LineRow } from './batches';

export type Pain001Version = '03' | '09';

export interface Pain001Input {
  batch: BatchRow;
  lines: readonly LineRow[];
  debtor: {
    name: string;
    orgNumber: string | null;
    iban: string | null;
    clearingNumber: string | null;
    accountNumber: string | null;
    bic: string;
    currency: string;
  };
  createdAt: Date;
}

/** Bankgirot's and Plusgirot's clearing-system member ids in the Swedish common interpretation. */
const BANKGIRO_MEMBER = '9900';
const PLUSGIRO_MEMBER = '9960';

function amount(minor: bigint, currency: string): string {
  return isCurrency(currency) ? formatAmount(minor, currency) : minor.toString();
}

type Node = Record<string, unknown>;

function agent(version: Pain001Version, bic: string | null, member: string | null): Node | undefined {
  const id: Node = {};
  if (bic) id[version === '03' ? 'BIC' : 'BICFI'] = bic;
  if (member) id.ClrSysMmbId = { ClrSysId: { Cd: 'SESBA' }, MmbId: member };
  return Object.keys(id).length > 0 ? { FinInstnId: id } : undefined;
}

function creditorParts(version: Pain001Version, line: LineRow): { agent?: Node; account: Node } {
  switch (line.creditorKind) {
    case 'bankgiro': {
      const a = agent(version, null, BANKGIRO_MEMBER);
      return {
        ...(a ? { agent: a } : {}),
        account: { Id: { Othr: { Id: line.creditorAccount, SchmeNm: { Prtry: 'BGNR' } } } },
      };
    }
    case 'plusgiro': {
      const a = agent(version, null, PLUSGIRO_MEMBER);
      return {
        ...(a ? { agent: a } : {}),
        account: { Id: { Othr: { Id: line.creditorAccount, SchmeNm: { Cd: 'BBAN' } } } },
      };
    }
    case 'account': {
      const a = agent(version, null, (line.creditorClearing ?? '').slice(0, 4));
      return {
        ...(a ? { agent: a } : {}),
        account: { Id: { Othr: { Id: line.creditorAccount, SchmeNm: { Cd: 'BBAN' } } } },
      };
    }
    default: {
      const a = agent(version, line.creditorBic, null);
      return { ...(a ? { agent: a } : {}), account: { Id: { IBAN: line.creditorAccount } } };
    }
  }
}

function transaction(version: Pain001Version, line: LineRow): Node {
  const creditor = creditorParts(version, line);
  const tx: Node = {
    PmtId: { InstrId: line.id, EndToEndId: line.endToEndId },
    Amt: { InstdAmt: { '@_Ccy': line.currency, '#text': amount(line.amountMinor, line.currency) } },
  };
  if (creditor.agent) tx.CdtrAgt = creditor.agent;
  tx.Cdtr = { Nm: line.creditorName };
  tx.CdtrAcct = creditor.account;
  if (line.ocr !== null) {
    tx.RmtInf = { Strd: { CdtrRefInf: { Tp: { CdOrPrtry: { Cd: 'SCOR' } }, Ref: line.ocr } } };
  } else if (line.message !== null) {
    tx.RmtInf = { Ustrd: line.message };
  }
  return tx;
}

function sumOf(lines: readonly LineRow[]): bigint {
  return lines.reduce((sum, line) => sum + line.amountMinor, 0n);
}

/**
 * The batch as an ISO 20022 pain.001 credit transfer initiation (Swedish common interpretation):
 * one payment information block per execution date, NbOfTxs and CtrlSum for the whole message and
 * for each block. A batch is in one currency (its debtor account's), so CtrlSum is a plain sum.
 */
export function buildPain001(input: Pain001Input, version: Pain001Version): string {
  const { batch, lines, debtor } = input;
  const currency = debtor.currency;
  const byDate = new Map<string, LineRow[]>();
  for (const line of lines) byDate.set(line.executionDate, [...(byDate.get(line.executionDate) ?? []), line]);
  const debtorAccount: Node = debtor.iban
    ? { Id: { IBAN: debtor.iban } }
    : {
        Id: {
          Othr: {
            Id: `${debtor.clearingNumber ?? ''}${debtor.accountNumber ?? ''}`,
            SchmeNm: { Cd: 'BBAN' },
          },
        },
      };
  const initiatingParty: Node = { Nm: debtor.name };
  if (debtor.orgNumber) {
    initiatingParty.Id = { OrgId: { Othr: { Id: debtor.orgNumber, SchmeNm: { Cd: 'BANK' } } } };
  }
  const paymentInfos = [...byDate.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, dated], index) => ({
      PmtInfId: `${batch.id.slice('batch_'.length, 'batch_'.length + 30)}-${index + 1}`,
      PmtMtd: 'TRF',
      NbOfTxs: String(dated.length),
      CtrlSum: amount(sumOf(dated), currency),
      PmtTpInf: { SvcLvl: { Cd: 'NURG' } },
      ReqdExctnDt: version === '03' ? date : { Dt: date },
      Dbtr: { Nm: debtor.name },
      DbtrAcct: debtorAccount,
      DbtrAgt: { FinInstnId: { [version === '03' ? 'BIC' : 'BICFI']: debtor.bic } },
      CdtTrfTxInf: dated.map((line) => transaction(version, line)),
    }));
  const namespace = `urn:iso:std:iso:20022:tech:xsd:pain.001.001.${version}`;
  const document = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    Document: {
      '@_xmlns': namespace,
      '@_xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      CstmrCdtTrfInitn: {
        GrpHdr: {
          MsgId: batch.id,
          CreDtTm: `${input.createdAt.toISOString().slice(0, 19)}Z`,
          NbOfTxs: String(lines.length),
          CtrlSum: amount(sumOf(lines), currency),
          InitgPty: initiatingParty,
        },
        PmtInf: paymentInfos,
      },
    },
  };
  const builder = new XMLBuilder({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    format: true,
    suppressEmptyNode: true,
    processEntities: true,
  });
  return builder.build(document);
}
