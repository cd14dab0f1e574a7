import type { Words } from '../common/text.ts';

/** The counter page's words, in Chinese and English. */
export const COUNTER_WORDS = {
  title: { zh: '窗口叫号', en: 'Counter' },
  otherLanguage: { zh: 'English', en: '中文' },
  staffNumber: { zh: '工号', en: 'Staff number' },
  pin: { zh: '密码', en: 'PIN' },
  signIn: { zh: '登录', en: 'Sign in' },
  signOut: { zh: '退出', en: 'Sign out' },
  wrongPin: { zh: '工号或密码不正确，还可尝试 {n} 次。', en: 'Wrong staff number or PIN; {n} tries left.' },
  locked: { zh: '密码错误次数过多，请 {n} 秒后再试。', en: 'Too many wrong PINs: try again in {n} s.' },
  chooseWindow: { zh: '选择窗口', en: 'Choose your window' },
  openWindow: { zh: '在此窗口办公', en: 'Work at this window' },
  window: { zh: '窗口', en: 'Window' },
  servedBy: { zh: '{name}（工号 {number}）', en: '{name} (staff {number})' },
  nobodyCalled: { zh: '暂无办理中的号', en: 'Nobody called' },
  priority: { zh: '绿色通道', en: 'Priority' },
  reason_age: { zh: '老年人', en: 'Senior' },
  reason_disability: { zh: '残障人士', en: 'Disability' },
  reason_appointment: { zh: '预约', en: 'Appointment' },
  transferredFrom: { zh: '由 {counter} 转来（{area}）', en: 'Transferred from {counter} ({area})' },
  calledAt: { zh: '叫号时间 {time}', en: 'Called at {time}' },
  callNext: { zh: '叫下一位', en: 'Call next' },
  recall: { zh: '重呼', en: 'Recall' },
  done: { zh: '办结', en: 'Done' },
  noShow: { zh: '过号', en: 'No-show' },
  transfer: { zh: '转移', en: 'Transfer' },
  pause: { zh: '暂停服务', en: 'Pause' },
  resume: { zh: '恢复服务', en: 'Resume' },
  paused: {
    zh: '本窗口已暂停服务：叫号不会叫到任何人。',
    en: 'This window is paused: call next calls nobody.',
  },
  nobodyWaiting: { zh: '没有等候的人。', en: 'Nobody is waiting.' },
  transferToArea: { zh: '转到业务区', en: 'To an area' },
  transferToWindow: { zh: '转到指定窗口', en: 'To a window' },
  send: { zh: '转过去', en: 'Send' },
  cancel: { zh: '取消', en: 'Cancel' },
  waiting: { zh: '等候人数', en: 'Waiting' },
  waitingLine: { zh: '{regular} 人，绿色通道 {priority} 人', en: '{regular} regular, {priority} priority' },
  sentHere: { zh: '转给本窗口的号', en: 'Sent to this window' },
  live: { zh: '实时', en: 'Live' },
  connecting: { zh: '连接中…', en: 'Connecting…' },
  lost: {
    zh: '与服务器的连接已断开，显示的内容可能不是最新的。正在重连…',
    en: 'Connection to the hall server lost: what you see may be out of date. Reconnecting…',
  },
  notAtCounter: {
    zh: '你已不在此窗口登录（可能有人在此窗口登录了）。',
    en: 'You are no longer signed in at this window (someone else may have taken it).',
  },
  notSent: {
    zh: '未确认：无法连接大厅服务器（已尝试 {n} 次）。连接恢复后请按“重试”：将再次发送同一请求，不会重复办理。',
    en: 'Not confirmed: the hall server cannot be reached (tried {n} times). Press Retry when the link is back: the same request is sent again and is never done twice.',
  },
  retrying: {
    zh: '大厅服务器未应答，正在重试（第 {n} 次）…',
    en: 'No answer from the hall server: trying again ({n})…',
  },
  doneAfterRetry: {
    zh: '已办理：重试后送达，只办理了一次。',
    en: 'Done: it got through on a retry, and was done once.',
  },
  retry: { zh: '重试', en: 'Retry' },
  signInAgainHere: { zh: '重新在此窗口办公', en: 'Work at this window again' },
  loading: { zh: '加载中…', en: 'Loading…' },
  shortcuts: {
    zh: '快捷键：F1 叫号 · F2 重呼 · F3 办结 · F4 过号 · F6 转移 · F8 暂停/恢复',
    en: 'Keys: F1 call next · F2 recall · F3 done · F4 no-show · F6 transfer · F8 pause/resume',
  },
} satisfies Words<string>;

export type CounterWord = keyof typeof COUNTER_WORDS;
