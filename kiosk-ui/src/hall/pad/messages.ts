import type { Words } from '../common/text.ts';

export const MESSAGES = {
  title: { zh: '窗口评价器', en: 'Rating pad' },
  staffNumber: { zh: '工号 {number}', en: 'Staff no. {number}' },
  nobody: { zh: '本窗口暂无工作人员', en: 'Nobody is at this window now' },
  serving: { zh: '正在为 {number} 号办理', en: 'Now serving {number}' },
  welcome: { zh: '欢迎，请稍候', en: 'Welcome, please wait' },
  rateTitle: { zh: '请对本次服务评价', en: 'Please rate this service' },
  rateTicket: { zh: '{number} 号', en: 'Ticket {number}' },
  rateServedBy: { zh: '为您服务的是 {name}（工号 {number}）', en: 'Served by {name} (staff no. {number})' },
  submit: { zh: '提交评价', en: 'Submit' },
  sending: { zh: '正在提交…', en: 'Sending…' },
  thanks: { zh: '谢谢您的评价', en: 'Thank you for your rating' },
  already: { zh: '本次服务已评价过', en: 'This service has been rated already' },
  failed: { zh: '提交未成功，请再按一次', en: 'Not sent; please press again' },
  lost: { zh: '连接中断，正在重新连接', en: 'Connection lost, reconnecting' },
} satisfies Words<string>;
