import { html } from './html';
import { layout } from './layout';

/**
 * The page shown instead of a redirect when the request cannot be trusted to name a safe
 * destination: an unknown client, an unregistered redirect URI, a forged form.
 */
export function errorPage(error: string, description: string): string {
  return layout(
    'Authorization failed',
    html`<h1>This authorization request cannot be completed</h1>
      <p class="error" role="alert">${description}</p>
      <p class="muted">
        Error code: <code>${error}</code>. Return to the application and try again.
      </p>`,
  );
}
