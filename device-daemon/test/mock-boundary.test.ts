import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The rule: the device emulators (`@hall-kiosk/hardware-mocks`) are for the demo and the tests, and a
// kiosk in the hall never loads them. So in device-daemon/src only src/mock/ (the package's `./mock`
// entry) may import them, in any form — static, type-only, re-export, dynamic import() or require().
// The rest of src/ may not load src/mock/ either, with one exception: the CLI may import() the mock
// entry at run time, when a configuration has emulated devices or --demo is given. Type-only
// references to the mock entry are erased at run time and allowed.

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const MOCK_DIR = join(SRC, 'mock') + sep;
const CLI_DIR = join(SRC, 'cli') + sep;
const MOCKS_PACKAGE_DIR = resolve(SRC, '../../hardware-mocks') + sep;

type ImportRef = { specifier: string; how: 'static' | 'type' | 'dynamic' };

/** Every module a TypeScript source refers to, and how. */
function importsOf(fileName: string, text: string): ImportRef[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: ImportRef[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      const typeOnly = ts.isImportDeclaration(node)
        ? (node.importClause?.isTypeOnly ?? false)
        : node.isTypeOnly;
      found.push({ specifier: node.moduleSpecifier.text, how: typeOnly ? 'type' : 'static' });
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const e = node.moduleReference.expression;
      if (ts.isStringLiteral(e)) found.push({ specifier: e.text, how: 'static' });
    } else if (ts.isImportTypeNode(node)) {
      const arg = node.argument;
      if (ts.isLiteralTypeNode(arg) && ts.isStringLiteral(arg.literal))
        found.push({ specifier: arg.literal.text, how: 'type' });
    } else if (ts.isCallExpression(node)) {
      const isImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      if (isImport || isRequire) {
        const arg = node.arguments[0];
        // A computed specifier cannot be checked, so it is not allowed at all.
        found.push({
          specifier: arg && ts.isStringLiteralLike(arg) ? arg.text : '<computed>',
          how: isImport ? 'dynamic' : 'static',
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Why this import breaks the rule, or null. */
function violation(file: string, ref: ImportRef): string | null {
  if (file.startsWith(MOCK_DIR)) return null;
  const target = ref.specifier.startsWith('.') ? resolve(dirname(file), ref.specifier) : null;
  if (
    ref.specifier === '@hall-kiosk/hardware-mocks' ||
    ref.specifier.startsWith('@hall-kiosk/hardware-mocks/') ||
    (target !== null && target.startsWith(MOCKS_PACKAGE_DIR))
  )
    return `imports the emulators (${ref.specifier}) outside src/mock/`;
  if (ref.specifier === '<computed>') return 'imports a module whose name is computed';
  const isMockEntry =
    ref.specifier === '@hall-kiosk/device-daemon/mock' ||
    (target !== null && (target + sep).startsWith(MOCK_DIR));
  if (!isMockEntry || ref.how === 'type') return null;
  if (ref.how === 'dynamic' && file.startsWith(CLI_DIR)) return null;
  return `loads the mock entry (${ref.specifier}) ${ref.how === 'dynamic' ? 'outside src/cli/' : 'statically'}`;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourceFiles(join(dir, e.name))
      : /\.(ts|tsx|js|mjs)$/.test(e.name)
        ? [join(dir, e.name)]
        : [],
  );
}

describe('the emulators stay off the production path', () => {
  it('no file in device-daemon/src outside src/mock/ imports @hall-kiosk/hardware-mocks', () => {
    const files = sourceFiles(SRC);
    expect(files.length).toBeGreaterThan(50);
    const problems = files.flatMap((file) =>
      importsOf(file, readFileSync(file, 'utf8')).flatMap((ref) => {
        const why = violation(file, ref);
        return why ? [`${relative(SRC, file)}: ${why}`] : [];
      }),
    );
    expect(problems).toEqual([]);
  });

  it('the mock entry itself is what loads the emulators, and the CLI loads it only dynamically', () => {
    const mockRefs = importsOf('index.ts', readFileSync(join(MOCK_DIR, 'index.ts'), 'utf8'));
    expect(mockRefs.map((r) => r.specifier)).toContain('@hall-kiosk/hardware-mocks');
    const loader = join(CLI_DIR, 'load-mock.ts');
    expect(importsOf(loader, readFileSync(loader, 'utf8'))).toContainEqual({
      specifier: '@hall-kiosk/device-daemon/mock',
      how: 'dynamic',
    });
  });

  it('the check catches every way of importing the emulators', () => {
    const file = join(SRC, 'transport', 'factory.ts');
    const bad = [
      `import { createEmulator } from '@hall-kiosk/hardware-mocks';`,
      `import type { Emulator } from '@hall-kiosk/hardware-mocks';`,
      `export { SAMPLE_CARDS } from '@hall-kiosk/hardware-mocks';`,
      `const m = await import('@hall-kiosk/hardware-mocks');`,
      `const m = require('@hall-kiosk/hardware-mocks');`,
      `type E = import('@hall-kiosk/hardware-mocks').Emulator;`,
      `import { x } from '@hall-kiosk/hardware-mocks/src/catalogue.ts';`,
      `import { x } from '../../../hardware-mocks/src/index.ts';`,
      `import { EmulatedDevices } from '../mock/index.ts';`,
      `import { EmulatedDevices } from '@hall-kiosk/device-daemon/mock';`,
      `const m = await import('../mock/index.ts');`,
      `const m = await import(name);`,
    ];
    for (const text of bad) {
      const refs = importsOf(file, text);
      expect(refs, text).toHaveLength(1);
      expect(violation(file, refs[0]!), text).not.toBeNull();
    }
  });

  it('the check allows what the rule allows', () => {
    const cli = join(CLI_DIR, 'start.ts');
    const ok: [string, string][] = [
      [cli, `const m = await import('@hall-kiosk/device-daemon/mock');`],
      [cli, `const m = await import('../mock/index.ts');`],
      [cli, `type M = typeof import('../mock/index.ts');`],
      [
        join(MOCK_DIR, 'emulated-devices.ts'),
        `import { EmulatorBinding } from '@hall-kiosk/hardware-mocks';`,
      ],
      [join(SRC, 'transport', 'factory.ts'), `import { SerialTransport } from './serial.ts';`],
    ];
    for (const [file, text] of ok) {
      const refs = importsOf(file, text);
      expect(refs, text).toHaveLength(1);
      expect(violation(file, refs[0]!), text).toBeNull();
    }
  });
});
