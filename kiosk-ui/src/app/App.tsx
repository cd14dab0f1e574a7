import { useEffect, useLayoutEffect, useMemo, useState } from 'preact/hooks';
import type { ActorRefFrom } from 'xstate';
import { useActorSnapshot } from '../hooks/useActorSnapshot.ts';
import { KioskCatalogues } from '../i18n/kiosk-catalogues.ts';
import { Shell } from '../components/Shell.tsx';
import { Switches } from '../components/Switches.tsx';
import { HallBar } from '../components/HallBar.tsx';
import { useHallNow, type HallClock } from '../hooks/useHallNow.ts';
import { momentAt } from '@hall-kiosk/shared/browser';
import { HelpButton, type HelpState } from '../components/HelpButton.tsx';
import { AttractScreen } from '../screens/AttractScreen.tsx';
import { GoodbyeScreen } from '../screens/GoodbyeScreen.tsx';
import { HomeScreen } from '../screens/HomeScreen.tsx';
import { TimeoutWarning } from '../screens/TimeoutWarning.tsx';
import { ticketsPaused, type sessionMachine } from '../flows/session/session.machine.ts';
import { TakeTicketScreens, takeTicketTitle } from '../flows/take-ticket/TakeTicketScreens.tsx';
import { CheckInScreens, checkInTitle } from '../flows/check-in/CheckInScreens.tsx';
import { GuideScreens, guideTitle } from '../flows/guide/GuideScreens.tsx';
import { RatingScreens, ratingTitle } from '../flows/rating/RatingScreens.tsx';
import { VOLUMES, type VoiceBackend } from '../voice/voice.ts';
import { SCREEN_PROMPTS, currentScreen } from './screens.ts';
import { SelfTestScreen } from '../screens/SelfTestScreen.tsx';

/** Renders whatever screen the session is on, and speaks its prompt. All state lives in the machines. */
/** How long the "staff have been asked" confirmation stays. */
const HELP_SHOWN_MS = 120_000;
const DEFAULT_CATALOGUES = new KioskCatalogues();

export function App({
  session,
  voice,
  callStaff,
  onHelpComing,
  hallClock,
  catalogues = DEFAULT_CATALOGUES,
}: {
  session: ActorRefFrom<typeof sessionMachine>;
  voice: VoiceBackend;
  /** Records a call for staff on the daemon; resolves whether it was recorded. */
  callStaff: (screen: string) => Promise<boolean>;
  /** Hall mode: calls `listener` when a supervisor acknowledged the call; returns how to stop listening. */
  onHelpComing?: (listener: () => void) => () => void;
  /** The hall's clock minus this machine's, and its time zone, asked of the daemon: what is shown is the hall's time. */
  hallClock?: () => Promise<HallClock>;
  /** The texts of both languages; English is brought in on its own (i18n/kiosk-catalogues.ts). */
  catalogues?: KioskCatalogues;
}) {
  const snap = useActorSnapshot(session);
  // Flows are child actors; their own changes do not change the session's snapshot, so follow them too.
  const flow = snap.children.takeTicket;
  const flowSnap = useActorSnapshot(flow);
  const checkIn = snap.children.checkIn;
  const checkInSnap = useActorSnapshot(checkIn);
  const guide = snap.children.guide;
  const guideSnap = useActorSnapshot(guide);
  const rating = snap.children.rating;
  const ratingSnap = useActorSnapshot(rating);
  const identifySnap = useActorSnapshot(flowSnap?.children.identify ?? checkInSnap?.children.identify);
  const { locale, care, info, timing, devices } = snap.context;
  const t = catalogues.translator(locale);
  const clock = useHallNow(hallClock);
  // The hall's local moment: the zone's offset from the clock's last answer, or else Kiosk.Info's.
  const zoneOffset = clock.zoneOffsetMinutes ?? info?.zoneOffsetMinutes ?? null;
  const here = zoneOffset === null ? null : momentAt(clock.now, zoneOffset);
  const [help, setHelp] = useState<HelpState>('idle');
  const printer = devices.ticketPrinter;
  const printerDown = printer !== undefined && printer.state !== 'online';
  // The hall's choice while the printer cannot print: pause taking tickets, or show numbers on screen.
  const paused = ticketsPaused(snap.context);
  const printerNotice = printerDown
    ? {
        message: paused ? t('notice.ticketsPaused') : t('notice.ticketPrinterDown'),
        // Not personal: what a technician needs to know at a glance (state and the driver's reason).
        technical: `${t('notice.forTechnicians')}: ticketPrinter ${printer!.state}${printer!.detail ? ` — ${printer!.detail}` : ''}`,
      }
    : null;
  const screen = currentScreen(snap, flowSnap, identifySnap, checkInSnap, guideSnap, ratingSnap);
  const checkInResult = checkInSnap?.context.result;
  const ticketNumber =
    flowSnap?.context.ticket?.number ??
    (checkInResult?.result === 'ticket' ? checkInResult.ticket.number : '');

  // Before paint: the language and the 关怀模式 sizes must be right in the very first frame.
  useLayoutEffect(() => {
    document.documentElement.lang = locale === 'zh' ? 'zh-CN' : 'en';
    document.documentElement.dataset.care = care ? 'on' : 'off';
    document.title = t('app.title');
  }, [locale, care]);

  // What the screen says aloud, also on the page (html[data-voice-prompt]) for whoever checks it.
  const prompt = t(SCREEN_PROMPTS[screen], { number: ticketNumber });
  useLayoutEffect(() => {
    document.documentElement.dataset.screen = screen;
    document.documentElement.dataset.voicePrompt = prompt;
  }, [screen, prompt]);

  // Each screen asks for its prompt once when it appears (and again if the language changes).
  useEffect(() => {
    if (snap.context.voice) voice.speak(prompt, locale, VOLUMES[snap.context.volume]);
    else voice.cancel();
  }, [screen, locale, snap.context.voice]);

  // The confirmation of a call for staff goes after a while, and with the person (a new session).
  useEffect(() => {
    if (help !== 'called' && help !== 'failed' && help !== 'coming') return;
    const id = setTimeout(() => setHelp('idle'), HELP_SHOWN_MS);
    return () => clearTimeout(id);
  }, [help]);
  useEffect(() => {
    if (screen === 'attract' && help !== 'calling') setHelp('idle');
  }, [screen === 'attract']);

  // A supervisor acknowledged the call made here: say that help is coming (only while it is shown).
  useEffect(() => onHelpComing?.(() => setHelp((h) => (h === 'called' ? 'coming' : h))), [onHelpComing]);

  const onCallStaff = () => {
    setHelp('calling');
    callStaff(screen).then(
      (ok) => setHelp(ok ? 'called' : 'failed'),
      () => setHelp('failed'),
    );
  };

  const switches = useMemo(
    () => (
      <>
        <HelpButton t={t} state={help} onCall={onCallStaff} />
        <Switches
          t={t}
          care={care}
          voice={snap.context.voice}
          volume={snap.context.volume}
          onToggleLocale={() => {
            // The other language's texts first (already here once the attract screen has loaded
            // them); if they cannot be had now, the tap changes nothing and the next one tries again.
            const next = locale === 'zh' ? 'en' : 'zh';
            catalogues.load(next).then(
              () => {
                if (session.getSnapshot().context.locale === locale)
                  session.send({ type: 'user.setLocale', locale: next });
              },
              () => undefined,
            );
          }}
          onToggleCare={() => session.send({ type: 'user.toggleCare' })}
          onToggleVoice={() => session.send({ type: 'user.toggleVoice' })}
          onNextVolume={() => session.send({ type: 'user.nextVolume' })}
        />
      </>
    ),
    [locale, care, snap.context.voice, snap.context.volume, help, screen],
  );
  const bar = (
    <HallBar t={t} locale={locale} info={info} here={here}>
      {switches}
    </HallBar>
  );

  if (screen === 'selfTest') return <SelfTestScreen t={t} devices={devices} bar={bar} />;
  if (screen === 'attract') {
    return (
      <AttractScreen
        t={t}
        locale={locale}
        info={info}
        here={here}
        onStart={() => session.send({ type: 'user.start' })}
        switches={switches}
        printerNotice={printerNotice}
      />
    );
  }
  if (screen === 'goodbye')
    return <GoodbyeScreen t={t} onDone={() => session.send({ type: 'user.goodbyeDone' })} bar={bar} />;
  if (screen === 'timeoutWarning') {
    return (
      <TimeoutWarning
        t={t}
        seconds={Math.round((care ? timing.warnCareMs : timing.warnMs) / 1000)}
        onMoreTime={() => session.send({ type: 'user.moreTime' })}
        bar={bar}
      />
    );
  }
  if (snap.matches({ active: { flow: 'takeTicket' } }) && flow && flowSnap) {
    const busy = flowSnap.matches('issuing');
    return (
      <Shell
        t={t}
        bar={bar}
        title={takeTicketTitle(flow, t)}
        onHome={busy ? undefined : () => session.send({ type: 'user.home' })}
      >
        <TakeTicketScreens flow={flow} t={t} locale={locale} zoneOffsetMinutes={zoneOffset ?? 8 * 60} />
      </Shell>
    );
  }
  if (snap.matches({ active: { flow: 'guide' } }) && guide && guideSnap) {
    return (
      <Shell
        t={t}
        bar={bar}
        title={guideTitle(guide, t, locale)}
        onHome={() => session.send({ type: 'user.home' })}
      >
        <GuideScreens flow={guide} t={t} locale={locale} />
      </Shell>
    );
  }
  if (snap.matches({ active: { flow: 'rating' } }) && rating && ratingSnap) {
    return (
      <Shell
        t={t}
        bar={bar}
        title={ratingTitle(rating, t)}
        onHome={() => session.send({ type: 'user.home' })}
      >
        <RatingScreens flow={rating} t={t} />
      </Shell>
    );
  }
  if (snap.matches({ active: { flow: 'checkIn' } }) && checkIn && checkInSnap) {
    return (
      <Shell
        t={t}
        bar={bar}
        title={checkInTitle(checkIn, t)}
        onHome={checkInSnap.matches('checking') ? undefined : () => session.send({ type: 'user.home' })}
      >
        <CheckInScreens flow={checkIn} t={t} locale={locale} />
      </Shell>
    );
  }
  return (
    <Shell t={t} bar={bar} title={t('home.title')} onHome={() => session.send({ type: 'user.leave' })}>
      <HomeScreen
        t={t}
        onTakeTicket={() => session.send({ type: 'user.chooseTakeTicket' })}
        onCheckIn={info?.appointments ? () => session.send({ type: 'user.chooseCheckIn' }) : undefined}
        onGuide={() => session.send({ type: 'user.chooseGuide' })}
        printerNotice={printerNotice}
        ticketsPaused={paused}
      />
    </Shell>
  );
}
