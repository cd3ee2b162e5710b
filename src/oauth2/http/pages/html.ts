import escapeHtml from 'escape-html';

/**
 * A fragment of markup that is already safe to emit. Only the `html` tag below makes one, so a
 * string from a request can reach a page only through escape-html.
 */
export class SafeHtml {
  constructor(readonly markup: string) {}
}

type Interpolation = SafeHtml | string | number | null | undefined | false | Interpolation[];

function render(value: Interpolation): string {
  if (value instanceof SafeHtml) return value.markup;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/**
 * Template tag for the authorization pages: every interpolated value is escaped (escape-html
 * covers `& < > " '`, enough for text and for double-quoted attribute values), except nested
 * `html` fragments. Values go only into text and quoted attributes, never into a tag name, an
 * unquoted attribute, a URL attribute or a script.
 */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let markup = strings[0] ?? '';
  values.forEach((value, index) => {
    markup += render(value) + (strings[index + 1] ?? '');
  });
  return new SafeHtml(markup);
}
