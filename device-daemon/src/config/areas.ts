import type { AreaConfig } from './schema.ts';

/** The nine service areas of the district hall described in docs/domain (domain.md), prefixes A–I. */
export const DEFAULT_AREAS: AreaConfig[] = [
  { id: 'tax', prefix: 'A', name: { zh: '办税服务', en: 'Tax Services' } },
  { id: 'realEstate', prefix: 'B', name: { zh: '不动产登记服务', en: 'Real Estate Registration' } },
  { id: 'socialSecurity', prefix: 'C', name: { zh: '社保服务', en: 'Social Security' } },
  { id: 'medicalInsurance', prefix: 'D', name: { zh: '医保服务', en: 'Medical Insurance' } },
  { id: 'humanResources', prefix: 'E', name: { zh: '人社服务', en: 'Human Resources and Social Affairs' } },
  { id: 'legalNotary', prefix: 'F', name: { zh: '法律援助与公证服务', en: 'Legal Aid and Notary' } },
  { id: 'publicSecurity', prefix: 'G', name: { zh: '公安服务', en: 'Public Security' } },
  { id: 'trafficPolice', prefix: 'H', name: { zh: '交警服务', en: 'Traffic Police' } },
  { id: 'comprehensive', prefix: 'I', name: { zh: '综合审批服务', en: 'Comprehensive Approval' } },
];
