import type { Words } from './text.ts';

/** The hall desk pages' sign-in words. */
export const SIGN_IN_TEXT = {
  number: { zh: '工号', en: 'Staff number' },
  pin: { zh: '密码（PIN）', en: 'PIN' },
  signIn: { zh: '登录', en: 'Sign in' },
  wrongPin: { zh: '工号或密码不正确（还可尝试 {n} 次）', en: 'Wrong staff number or PIN ({n} tries left)' },
  locked: { zh: '错误次数过多，请 {n} 秒后再试', en: 'Too many wrong PINs: try again in {n} s' },
  tooShort: { zh: '密码至少 6 位', en: 'A PIN has at least 6 digits' },
  unreachable: { zh: '无法连接大厅服务器', en: 'The hall server cannot be reached' },
  'role.counter': { zh: '窗口工作人员', en: 'counter staff' },
  'role.supervisor': { zh: '值班主任', en: 'supervisor' },
  'role.admin': { zh: '管理员', en: 'admin' },
  notAllowed: {
    zh: '此页面仅供{role}使用，请用相应账号登录',
    en: 'This page is for the {role} role: sign in with such an account',
  },
} satisfies Words<string>;
