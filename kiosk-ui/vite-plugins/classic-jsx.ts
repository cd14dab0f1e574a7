import type { Plugin } from 'vite';

/**
 * Built pages compile JSX to Preact's own `h(type, props, ...children)` (the classic transform)
 * instead of the automatic runtime's `jsx(type, { ...props, children: [...] })`: a page then carries
 * no preact/jsx-runtime, and each element is written a little shorter — 0.36 KB less gzipped for the
 * kiosk page (docs/performance.md). It applies to every page of the UI build. The two make the same
 * elements, with one difference to keep in mind: `h` takes a `key` out of spread props
 * (`<C {...p} />`), `jsx` leaves it in them; no component spreads props today. `vite` (dev) and the
 * tests keep the automatic runtime (tsconfig's `jsx: react-jsx`), which is what the type check reads.
 * The names are prefixed so they cannot meet a module's own `h` or `Fragment`.
 */
export function classicJsx(): Plugin {
  return {
    name: 'kiosk-classic-jsx',
    apply: 'build',
    // After @preact/preset-vite, whose config asks for the automatic runtime: the later config wins.
    enforce: 'post',
    config: () => ({
      oxc: {
        jsx: { runtime: 'classic', pragma: '__h', pragmaFrag: '__Fragment' },
        jsxInject: "import { h as __h, Fragment as __Fragment } from 'preact'",
      },
    }),
  };
}
