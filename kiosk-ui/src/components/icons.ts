// The icons the kiosk page uses, imported one by one from `lucide` (tree-shaken: only these are
// bundled). Areas come from the hall's configuration: a known area id gets its own icon, any other
// the generic hall icon.
export {
  BookOpenText as GuideIcon,
  CalendarCheck as CheckInIcon,
  ConciergeBell as HelpIcon,
  House as HomeIcon,
  Ticket as TicketIcon,
} from 'lucide';
import {
  BriefcaseBusiness,
  Car,
  FileCheck,
  HeartPulse,
  House,
  Landmark,
  ReceiptText,
  Scale,
  ShieldCheck,
  UsersRound,
  type IconNode,
} from 'lucide';

export const AREA_ICONS: Record<string, IconNode> = {
  tax: ReceiptText,
  realEstate: House,
  socialSecurity: UsersRound,
  medicalInsurance: HeartPulse,
  humanResources: BriefcaseBusiness,
  legalNotary: Scale,
  publicSecurity: ShieldCheck,
  trafficPolice: Car,
  comprehensive: FileCheck,
};

export function areaIcon(areaId: string): IconNode {
  return AREA_ICONS[areaId] ?? Landmark;
}
