import { parse } from 'node-html-parser';
import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from '../helpers/app';
import { startSession } from '../../src/auth/sessions';
import { User } from '../../src/entities';

/**
 * Helpers that walk the authorization endpoint's pages as a browser would: carrying cookies,
 * reading the forms with a real HTML parser, and posting back what the forms hold.
 */

/** The cookies a browser would hold for this server (one path, one host, so names suffice). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  /** Keeps what Set-Cookie headers set; an emptied or expired cookie is dropped. */
  store(setCookie: string | string[] | undefined): void {
    for (const line of [setCookie ?? []].flat()) {
      const [pair = '', ...attributes] = line.split(';');
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      const expired = attributes.some((attribute) =>
        /^\s*expires=Thu, 01 Jan 1970/i.test(attribute),
      );
      if (value === '' || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  has(name: string): boolean {
    return this.cookies.has(name);
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

export interface PageForm {
  action: string;
  method: string;
  /** Every named input's value, hidden ones included. */
  fields: Record<string, string>;
  /** The values of the named submit buttons. */
  buttons: Record<string, string[]>;
}

/** Reads the first form of a page. */
export function readForm(html: string): PageForm {
  const form = parse(html).querySelector('form');
  if (!form) throw new Error(`The page has no form:\n${html}`);

  const fields: Record<string, string> = {};
  for (const input of form.querySelectorAll('input')) {
    const name = input.getAttribute('name');
    if (name) fields[name] = input.getAttribute('value') ?? '';
  }
  const buttons: Record<string, string[]> = {};
  for (const button of form.querySelectorAll('button')) {
    const name = button.getAttribute('name');
    if (name) (buttons[name] ??= []).push(button.getAttribute('value') ?? '');
  }
  return {
    action: form.getAttribute('action') ?? '',
    method: (form.getAttribute('method') ?? 'get').toLowerCase(),
    fields,
    buttons,
  };
}

/** The visible text of a page's alert, if it shows one. */
export function alertText(html: string): string | null {
  return parse(html).querySelector('[role=alert]')?.text.trim() ?? null;
}

export async function browse(
  t: TestApp,
  jar: CookieJar,
  request: { method: 'GET' | 'POST'; url: string; form?: Record<string, string> },
): Promise<LightMyRequestResponse> {
  const response = await t.app.inject({
    method: request.method,
    url: request.url,
    headers: {
      cookie: jar.header(),
      ...(request.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    payload: request.form ? new URLSearchParams(request.form).toString() : undefined,
  });
  jar.store(response.headers['set-cookie']);
  return response;
}

/** Signs a user in directly, as if they had used the login page, and puts the cookie in a jar. */
export async function signedIn(t: TestApp, user: User, jar = new CookieJar()): Promise<CookieJar> {
  const em = t.em();
  const session = await startSession(
    em,
    t.config,
    await em.findOneOrFail(User, user.id),
    t.services.now(),
  );
  jar.store(`${t.config.sessionCookieName}=${t.app.signCookie(session.key)}; Path=/`);
  return jar;
}

/** The query parameters of a redirect's Location, or null when the response is no redirect. */
export function redirectParams(response: LightMyRequestResponse): URLSearchParams | null {
  const location = response.headers.location;
  if (typeof location !== 'string') return null;
  return new URL(location).searchParams;
}

/** The URL of an authorization request with the given parameters. */
export function authorizeUrl(params: Record<string, string>): string {
  return `/o/authorize?${new URLSearchParams(params).toString()}`;
}

/** A copy of `params` without the named ones. */
export function without(
  params: Record<string, string>,
  ...names: string[]
): Record<string, string> {
  return Object.fromEntries(Object.entries(params).filter(([name]) => !names.includes(name)));
}
