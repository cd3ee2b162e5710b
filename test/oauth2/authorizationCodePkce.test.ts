import { loadConfig } from '../../src/config';
import { readCodeChallenge, verifyCodeVerifier } from '../../src/oauth2/pkce';

/** PKCE checks on their own (RFC 7636), with the example of its Appendix B. */

const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

const config = (plain: boolean) =>
  loadConfig({ NODE_ENV: 'test', PKCE_ALLOW_PLAIN: String(plain) });

test('S256: the RFC 7636 Appendix B verifier matches its challenge, nothing else does', () => {
  const stored = { challenge: CHALLENGE, method: 'S256' as const };
  expect(verifyCodeVerifier(VERIFIER, stored)).toBe(true);
  expect(verifyCodeVerifier(VERIFIER.replace('d', 'e'), stored)).toBe(false);
  expect(verifyCodeVerifier(CHALLENGE, stored)).toBe(false);
});

test('plain compares the verifier itself', () => {
  const stored = { challenge: VERIFIER, method: 'plain' as const };
  expect(verifyCodeVerifier(VERIFIER, stored)).toBe(true);
  expect(verifyCodeVerifier(`${VERIFIER}x`, stored)).toBe(false);
});

test('verifier syntax: 43 to 128 unreserved characters (§4.1)', () => {
  const plain = (verifier: string) =>
    verifyCodeVerifier(verifier, { challenge: verifier, method: 'plain' });
  expect(plain('a'.repeat(43))).toBe(true);
  expect(plain('a'.repeat(128))).toBe(true);
  expect(plain('a'.repeat(42))).toBe(false);
  expect(plain('a'.repeat(129))).toBe(false);
  expect(plain(`${'a'.repeat(42)}+`)).toBe(false);
  expect(plain(`${'a'.repeat(42)}é`)).toBe(false);
});

test('challenge methods: S256 always, plain (also meant by no method) only when allowed', () => {
  const options = (plain: boolean) => ({ required: false, config: config(plain) });
  expect(readCodeChallenge(CHALLENGE, 'S256', options(false))).toEqual({
    challenge: CHALLENGE,
    method: 'S256',
  });
  expect(() => readCodeChallenge(CHALLENGE, 'plain', options(false))).toThrow(
    expect.objectContaining({ error: 'invalid_request' }),
  );
  expect(() => readCodeChallenge(CHALLENGE, undefined, options(false))).toThrow(
    expect.objectContaining({ error: 'invalid_request' }),
  );
  expect(readCodeChallenge(CHALLENGE, undefined, options(true))).toEqual({
    challenge: CHALLENGE,
    method: 'plain',
  });
  expect(readCodeChallenge(undefined, undefined, options(false))).toBeNull();
  expect(() =>
    readCodeChallenge(undefined, undefined, { required: true, config: config(false) }),
  ).toThrow(expect.objectContaining({ error: 'invalid_request' }));
});
