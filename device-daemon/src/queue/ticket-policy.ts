import type { LocalizedText } from '@hall-kiosk/shared';

export type TicketPolicy = {
  identify: 'never' | 'priority' | 'always';
  maxTicketsPerIdentity: number;
  maxDeclaredDisabilityPerDay: number;
  maxWithoutCardPerDay: number;
};

/**
 * The hall's anti-hoarding rules in one sentence for the area screen (docs/queue.md#anti-hoarding), or
 * null when nothing limits anybody.
 */
export function describeTicketPolicy(p: TicketPolicy): LocalizedText | null {
  const zh: string[] = [];
  const en: string[] = [];
  if (p.identify === 'always') {
    zh.push('本厅取号需刷身份证');
    en.push('Tickets here need your ID card');
  }
  if (p.identify !== 'never' && p.maxTicketsPerIdentity > 0) {
    zh.push(`刷身份证取号每人每个服务区每天限 ${p.maxTicketsPerIdentity} 个`);
    en.push(`with an ID card, ${p.maxTicketsPerIdentity} per person per area a day`);
  }
  if (p.maxDeclaredDisabilityPerDay > 0) {
    zh.push(`自报残疾优先号本机每天限 ${p.maxDeclaredDisabilityPerDay} 个`);
    en.push(`${p.maxDeclaredDisabilityPerDay} self-declared disability priority tickets a day on this kiosk`);
  }
  if (p.identify !== 'always' && p.maxWithoutCardPerDay > 0) {
    zh.push(`本机每天可不刷证取号 ${p.maxWithoutCardPerDay} 个，之后需刷身份证`);
    en.push(
      `${p.maxWithoutCardPerDay} tickets a day on this kiosk without an ID card, then the card is needed`,
    );
  }
  if (zh.length === 0) return null;
  const first = en.join('; ');
  return { zh: `${zh.join('；')}。`, en: `${first.charAt(0).toUpperCase()}${first.slice(1)}.` };
}
