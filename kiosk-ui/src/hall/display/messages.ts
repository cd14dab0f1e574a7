import type { Words } from '../common/text.ts';

export const MESSAGES = {
  title: { zh: '叫号显示屏', en: 'Zone display' },
  allAreas: { zh: '全部区域', en: 'All areas' },
  goTo: { zh: '请到 {window}', en: 'Please go to {window}' },
  recall: { zh: '再次呼叫', en: 'Called again' },
  offline: { zh: '离线取号', en: 'offline' },
  none: { zh: '暂无叫号', en: 'No calls yet' },
  earlier: { zh: '最近叫号', en: 'Recent calls' },
  number: { zh: '号码', en: 'Number' },
  window: { zh: '窗口', en: 'Window' },
  waiting: { zh: '等候人数', en: 'Waiting' },
  lost: {
    zh: '与大厅服务器的连接中断，正在重新连接；以下信息可能不是最新的',
    en: 'Connection to the hall server lost, reconnecting; what is shown may be out of date',
  },
  connecting: { zh: '正在连接…', en: 'Connecting…' },
} satisfies Words<string>;
