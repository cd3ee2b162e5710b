import { html } from './html';
import { hiddenFields, layout } from './layout';

export interface LoginPage {
  applicationName: string;
  /** The authorization request's parameters and the form's CSRF token, sent back on submit. */
  fields: Record<string, string | undefined>;
  username?: string;
  /** Shown above the form after a failed attempt. */
  error?: string;
}

/** The sign-in form shown when the authorization endpoint finds no session. */
export function loginPage(page: LoginPage): string {
  return layout(
    'Sign in',
    html`<h1>Sign in</h1>
      <p>Sign in to continue to <strong>${page.applicationName}</strong>.</p>
      ${page.error ? html`<p class="error" role="alert">${page.error}</p>` : ''}
      <form method="post" action="/o/authorize">
        ${hiddenFields(page.fields)}
        <label for="username">Username</label>
        <input
          type="text"
          id="username"
          name="username"
          value="${page.username ?? ''}"
          autocomplete="username"
          autocapitalize="none"
          spellcheck="false"
          required
          autofocus
        />
        <label for="password">Password</label>
        <input
          type="password"
          id="password"
          name="password"
          autocomplete="current-password"
          required
        />
        <div class="actions">
          <button type="submit" class="primary">Sign in</button>
        </div>
      </form>`,
  );
}
