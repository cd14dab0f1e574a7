// `npx tsx kiosk-ui/vite-plugins/library-error.ts CODE [LIBRARY]`: the text of an error the kiosk page
// reported by its code (`xstate 3f1a2b: idle session`). The page's build writes a library's error texts
// as codes (short-errors.ts); this reads the installed package (XState unless named) and prints the
// text with that code, `%s` standing for each value the page reported after the code.
import { realpathSync } from 'node:fs';
import { errorTexts } from './short-errors.ts';

if (process.argv[1] && realpathSync(process.argv[1]) === import.meta.filename) {
  const [code, library = 'xstate'] = process.argv.slice(2);
  if (!code || !/^[0-9a-f]{6}$/.test(code)) {
    console.error(
      'usage: npx tsx kiosk-ui/vite-plugins/library-error.ts CODE [LIBRARY]   (CODE: six hex digits)',
    );
    process.exit(2);
  }
  const text = errorTexts(library).get(code);
  if (text === undefined) {
    console.error(`no error of the installed ${library} has the code ${code}`);
    process.exit(1);
  }
  process.stdout.write(`${text}\n`);
}
