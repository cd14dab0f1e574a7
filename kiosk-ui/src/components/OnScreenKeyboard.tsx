import type { Translate } from '../i18n/i18n.ts';

const ROWS = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

/**
 * The kiosk has no keyboard: letters for pinyin and initials (拼音 / 首字母), digits for codes, a
 * space between words, delete and clear. Keys are real buttons (reachable, announced, large).
 */
export function OnScreenKeyboard({
  t,
  onKey,
  onBackspace,
  onClear,
}: {
  t: Translate;
  onKey: (key: string) => void;
  onBackspace: () => void;
  onClear: () => void;
}) {
  return (
    <div class="keyboard" role="group" aria-label={t('keyboard.label')} data-testid="keyboard">
      {ROWS.map((row) => (
        <div class="keyboard-row" key={row}>
          {[...row].map((k) => (
            <button key={k} type="button" class="key" data-testid={`key-${k}`} onClick={() => onKey(k)}>
              {k.toUpperCase()}
            </button>
          ))}
        </div>
      ))}
      <div class="keyboard-row">
        <button type="button" class="key wide" data-testid="key-space" onClick={() => onKey(' ')}>
          {t('keyboard.space')}
        </button>
        <button type="button" class="key wide" onClick={onBackspace}>
          {t('keyboard.delete')}
        </button>
        <button type="button" class="key wide" onClick={onClear}>
          {t('keyboard.clear')}
        </button>
      </div>
    </div>
  );
}
