import { html } from './html';
import { hiddenFields, layout } from './layout';

export interface ConsentPage {
  applicationName: string;
  username: string;
  scopes: string[];
  /** Where the user's browser goes next, shown so that a look-alike client is easier to spot. */
  redirectUri: string;
  /** The authorization request's parameters and the form's CSRF token, sent back on submit. */
  fields: Record<string, string | undefined>;
}

/** Plain words for the scopes this server ships with; any other scope is shown by its name. */
const scopeDescriptions: Record<string, string> = {
  read: 'Read your data',
  write: 'Change your data',
  introspection: 'Check whether tokens are valid',
};

/** The consent page (RFC 6749 §4.1.1, step B): the user allows or denies the request. */
export function consentPage(page: ConsentPage): string {
  return layout(
    `Authorize ${page.applicationName}`,
    html`<h1>Authorize <strong>${page.applicationName}</strong>?</h1>
      <p>
        <strong>${page.applicationName}</strong> asks to act on your behalf, signed in as
        <strong>${page.username}</strong>, with these permissions:
      </p>
      <ul class="scopes">
        ${page.scopes.map(
          (scope) => html`<li>${scopeDescriptions[scope] ?? scope} <code>${scope}</code></li>`,
        )}
      </ul>
      <p class="muted">You will then be sent to <code>${page.redirectUri}</code>.</p>
      <form method="post" action="/o/authorize">
        ${hiddenFields(page.fields)}
        <div class="actions">
          <button type="submit" name="decision" value="allow" class="primary">Allow</button>
          <button type="submit" name="decision" value="deny">Deny</button>
        </div>
      </form>`,
  );
}
