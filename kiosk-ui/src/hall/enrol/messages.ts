import type { Words } from '../common/text.ts';

export const MESSAGES = {
  title: { zh: '设备登记', en: 'Enrol this device' },
  lead: {
    zh: '请输入大厅管理员给出的一次性登记码',
    en: 'Type the one-time code the hall admin gave you',
  },
  codeLabel: { zh: '登记码', en: 'Enrolment code' },
  submit: { zh: '登记', en: 'Enrol' },
  working: { zh: '正在登记…', en: 'Enrolling…' },
  badCode: {
    zh: '登记码无效、已使用或已过期，请向管理员索取新码',
    en: 'This code is unknown, used or expired: ask the hall admin for a new one',
  },
  locked: {
    zh: '登记码错误次数过多，请 {minutes} 分钟后再试',
    en: 'Too many wrong codes from this device: try again in {minutes} min',
  },
  tooShort: { zh: '登记码为 12 位（XXXX-XXXX-XXXX）', en: 'The code has 12 characters (XXXX-XXXX-XXXX)' },
  unreachable: {
    zh: '无法连接大厅服务器，请稍后再试',
    en: 'The hall server cannot be reached; try again shortly',
  },
  refused: { zh: '登记未成功：{reason}', en: 'Enrolment failed: {reason}' },
  kiosk: {
    zh: '此登记码属于自助终端：请在终端上用 kiosk enrol 命令登记',
    en: 'This code is for a kiosk: enrol it with the kiosk enrol command on the kiosk',
  },
  enrolled: { zh: '已登记为 {id}，正在打开…', en: 'Enrolled as {id}; opening…' },
} satisfies Words<string>;
