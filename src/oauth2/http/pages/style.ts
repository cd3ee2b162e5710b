/**
 * The stylesheet of the authorization pages, served from its own route so that the pages'
 * Content-Security-Policy can forbid inline styles and scripts altogether.
 */
export const STYLESHEET_PATH = '/o/static/authorize.css';

export const stylesheet = `
:root { color-scheme: light dark; font-family: system-ui, sans-serif; line-height: 1.5; }
body { margin: 0; display: flex; justify-content: center; padding: 3rem 1rem; }
main { width: 100%; max-width: 26rem; }
h1 { font-size: 1.4rem; margin: 0 0 1rem; }
label { display: block; margin-top: 1rem; font-weight: 600; }
input[type='text'], input[type='password'] {
  box-sizing: border-box; width: 100%; padding: 0.5rem; margin-top: 0.25rem; font: inherit;
}
ul.scopes { padding-left: 1.25rem; }
.actions { display: flex; gap: 0.75rem; margin-top: 1.5rem; }
button { font: inherit; padding: 0.5rem 1.25rem; cursor: pointer; }
button.primary { font-weight: 600; }
.error { border-left: 4px solid #c62828; padding: 0.5rem 0.75rem; background: rgba(198, 40, 40, 0.08); }
.muted { opacity: 0.75; font-size: 0.9rem; }
:focus-visible { outline: 3px solid #1565c0; outline-offset: 2px; }
`.trimStart();
