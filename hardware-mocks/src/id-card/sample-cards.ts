/**
 * Fictional cards for the emulator. Every person, number and address here is made up; the numbers
 * have valid GB 11643 check characters except where a card exists to test a bad one. Tests use this
 * list to prove none of these values ever reaches a log, database or file.
 */
export type SampleCard = {
  id: string;
  label: string;
  type: 'resident' | 'J' | 'I';
  name: string;
  englishName?: string;
  gender: '0' | '1' | '2' | '9';
  ethnicity?: string;
  birthDate: string;
  address?: string;
  idNumber: string;
  issuer: string;
  validFrom: string;
  /** YYYYMMDD or 长期 */
  validTo: string;
  passNumber?: string;
  issueCount?: string;
  nationality?: string;
  /** For the "read with fingerprint" command: number of 512-byte templates (0–2). */
  fingerprints?: number;
};

export const SAMPLE_CARDS: SampleCard[] = [
  {
    id: 'elderResident',
    label: 'Resident, born 1950, 长期 validity',
    type: 'resident',
    name: '李示例',
    gender: '1',
    ethnicity: '01',
    birthDate: '19500315',
    address: '江西省南昌市东湖区示例路一号',
    idNumber: '360102195003151238',
    issuer: '南昌市公安局东湖分局',
    validFrom: '20150601',
    validTo: '长期',
    fingerprints: 2,
  },
  {
    id: 'resident',
    label: 'Resident, born 1992, 20-year validity',
    type: 'resident',
    name: '陈测试',
    gender: '2',
    ethnicity: '05',
    birthDate: '19920820',
    address: '江西省南昌市东湖区测试街道二十八号三单元',
    idNumber: '360102199208204522',
    issuer: '南昌市公安局东湖分局',
    validFrom: '20180110',
    validTo: '20380110',
  },
  {
    id: 'hkResident',
    label: 'Hong Kong resident, residence permit (J)',
    type: 'J',
    name: '黄港居',
    gender: '1',
    birthDate: '19851102',
    address: '江西省南昌市红谷滩区样例大道九号',
    idNumber: '810000198511020052',
    issuer: '南昌市公安局',
    validFrom: '20220301',
    validTo: '20270301',
    passNumber: 'H01234567',
    issueCount: '01',
  },
  {
    id: 'foreignResident',
    label: 'Foreign permanent resident, 2017 edition (I)',
    type: 'I',
    name: '史密斯',
    englishName: 'SMITH, JOHN EXAMPLE',
    gender: '1',
    birthDate: '19800101',
    idNumber: 'USA110085010101',
    issuer: '1500',
    nationality: 'USA',
    validFrom: '20170601',
    validTo: '20270531',
  },
  {
    id: 'badCheckDigit',
    label: 'Resident whose number fails the check digit',
    type: 'resident',
    name: '赵无效',
    gender: '1',
    ethnicity: '01',
    birthDate: '19781103',
    address: '江西省南昌市东湖区无效巷七号',
    idNumber: '360102197811030039',
    issuer: '南昌市公安局东湖分局',
    validFrom: '20100101',
    validTo: '20300101',
  },
];

function put(block: Uint8Array, offset: number, size: number, text: string | undefined): void {
  const padded = (text ?? '').padEnd(size / 2, ' ').slice(0, size / 2);
  for (let i = 0; i < padded.length; i++) {
    const c = padded.charCodeAt(i);
    block[offset + i * 2] = c & 0xff;
    block[offset + i * 2 + 1] = c >> 8;
  }
}

/** The card's 256-byte UCS-2LE text block, laid out for its document type. */
export function encodeTextBlock(card: SampleCard): Uint8Array {
  const b = new Uint8Array(256);
  if (card.type === 'I') {
    put(b, 0, 120, card.englishName);
    put(b, 120, 2, card.gender);
    put(b, 122, 30, card.idNumber);
    put(b, 152, 6, card.nationality);
    put(b, 158, 30, card.name);
    put(b, 188, 16, card.validFrom);
    put(b, 204, 16, card.validTo);
    put(b, 220, 16, card.birthDate);
    put(b, 236, 4, '1');
    put(b, 240, 8, card.issuer);
    put(b, 248, 2, 'I');
    put(b, 250, 6, '');
    return b;
  }
  put(b, 0, 30, card.name);
  put(b, 30, 2, card.gender);
  put(b, 32, 4, card.ethnicity ?? '');
  put(b, 36, 16, card.birthDate);
  put(b, 52, 70, card.address);
  put(b, 122, 36, card.idNumber);
  put(b, 158, 30, card.issuer);
  put(b, 188, 16, card.validFrom);
  put(b, 204, 16, card.validTo);
  if (card.type === 'J') {
    put(b, 220, 18, card.passNumber);
    put(b, 238, 4, card.issueCount);
    put(b, 242, 6, '');
    put(b, 248, 2, 'J');
    put(b, 250, 6, '');
  } else {
    put(b, 220, 36, '');
  }
  return b;
}

/** An opaque stand-in for the 1024-byte WLT photo (deterministic, not an image). */
export function photoBlob(card: SampleCard): Uint8Array {
  const out = new Uint8Array(1024);
  let x = 0x9e3779b9;
  for (const ch of card.id) x = Math.imul(x ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  for (let i = 0; i < out.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}
