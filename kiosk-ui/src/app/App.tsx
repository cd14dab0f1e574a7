import { useEffect, useState } from 'preact/hooks';
import type { ActorRefFrom } from 'xstate';
import { useActorSnapshot } from '../hooks/useActorSnapshot.ts';
import { translator } from '../i18n/i18n.ts';
import { Shell } from '../components/Shell.tsx';
import { Switches } from '../components/Switches.tsx';
import { AttractScreen } from '../screens/AttractScreen.tsx';
import { HomeScreen } from '../screens/HomeScreen.tsx';
import { TimeoutWarning } from '../screens/TimeoutWarning.tsx';
import type { sessionMachine } from '../flows/session/session.machine.ts';
import { TakeTicketScreens, takeTicketTitle } from '../flows/take-ticket/TakeTicketScreens.tsx';

/** Renders whatever screen the session is on. All state lives in the machines. */
export function App({ session }: { session: ActorRefFrom<typeof sessionMachine> }) {
  const snap = useActorSnapshot(session);
  // Flows are child actors; their own changes do not change the session's snapshot, so follow them too.
  const flow = snap.children.takeTicket;
  const flowSnap = useActorSnapshot(flow);
  const { locale, care, info, timing, devices } = snap.context;
  const printer = devices.ticketPrinter;
  const printerDown = printer !== undefined && printer.state !== 'online';
  const t = translator(locale);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(id);
  }, []);

  // Any touch counts as activity for the inactivity watch.
  useEffect(() => {
    const onTouch = () => session.send({ type: 'user.activity' });
    window.addEventListener('pointerdown', onTouch, true);
    return () => window.removeEventListener('pointerdown', onTouch, true);
  }, [session]);

  useEffect(() => {
    document.documentElement.lang = locale === 'zh' ? 'zh-CN' : 'en';
    document.documentElement.dataset.care = care ? 'on' : 'off';
    document.title = t('app.title');
  }, [locale, care]);

  const toggleLocale = () => session.send({ type: 'user.setLocale', locale: locale === 'zh' ? 'en' : 'zh' });
  const toggleCare = () => session.send({ type: 'user.toggleCare' });

  if (snap.matches('attract')) {
    return (
      <AttractScreen
        t={t}
        locale={locale}
        info={info}
        now={now}
        onStart={() => session.send({ type: 'user.start' })}
        onToggleLocale={toggleLocale}
        onToggleCare={toggleCare}
        care={care}
        printerDown={printerDown}
      />
    );
  }
  if (snap.matches({ active: { idle: 'warning' } })) {
    return (
      <TimeoutWarning
        t={t}
        seconds={Math.round((care ? timing.warnCareMs : timing.warnMs) / 1000)}
        onMoreTime={() => session.send({ type: 'user.moreTime' })}
        switches={<Switches t={t} care={care} onToggleLocale={toggleLocale} onToggleCare={toggleCare} />}
      />
    );
  }

  const shell = {
    t,
    care,
    onToggleLocale: toggleLocale,
    onToggleCare: toggleCare,
  };
  if (snap.matches({ active: { flow: 'takeTicket' } }) && flow && flowSnap) {
    const busy = flowSnap.matches('issuing');
    return (
      <Shell
        {...shell}
        title={takeTicketTitle(flow, t)}
        onHome={busy ? undefined : () => session.send({ type: 'user.home' })}
      >
        <TakeTicketScreens flow={flow} t={t} locale={locale} timeZone={info?.timeZone ?? 'Asia/Shanghai'} />
      </Shell>
    );
  }
  return (
    <Shell {...shell} title={t('home.title')} onHome={() => session.send({ type: 'session.timeout' })}>
      <HomeScreen
        t={t}
        onTakeTicket={() => session.send({ type: 'user.chooseTakeTicket' })}
        printerDown={printerDown}
      />
    </Shell>
  );
}
