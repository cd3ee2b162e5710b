import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createTestApp, makeApplication, makeToken, makeUser, type TestApp } from '../helpers/app';

/**
 * The playground in a real browser: Debian's Chromium, driven by playwright-core (which never
 * downloads a browser of its own). `.ci/run` installs Chromium, so CI always runs this file;
 * elsewhere it is skipped, saying why, when the binary is missing.
 *
 * `UPDATE_SCREENSHOT=1` also writes the README's picture, docs/playground.png.
 */

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const describeInBrowser = available ? describe : describe.skip;
const title = available
  ? 'the playground in Chromium'
  : `the playground in Chromium (skipped: no browser at ${CHROMIUM}; apt-get install chromium)`;

const PASSWORD = 'correct horse battery';

const QUERY_EDITOR = '.graphiql-query-editor .CodeMirror';
const HEADERS_EDITOR = '.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror';

describeInBrowser(title, () => {
  let t: TestApp;
  let origin: string;
  let token: string;
  let userDataDir: string;
  let context: BrowserContext;
  let page: Page;
  const requested: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    const alice = await makeUser(t, 'alice', { password: PASSWORD });
    const { application } = await makeApplication(t);
    ({ token } = await makeToken(t, application, alice));
    origin = await t.app.listen({ host: '127.0.0.1', port: 0 });

    userDataDir = await mkdtemp(path.join(tmpdir(), 'playground-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 720 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-quic',
        '--no-first-run',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    context.on('request', (request) => requested.push(request.url()));
    // Reported by the browser whenever the Content-Security-Policy blocks something.
    await context.addInitScript(
      "document.addEventListener('securitypolicyviolation', (event) => " +
        "console.error('CSP violation: ' + event.violatedDirective + ' ' + event.blockedURI));",
    );

    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text().slice(0, 200));
    });
    page.on('pageerror', (error) => problems.push(error.message));
  });

  afterAll(async () => {
    await context?.close();
    await t?.close();
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
  });

  /** Replaces an editor's text by typing, as a person would. */
  async function typeInto(selector: string, text: string) {
    await page.locator(selector).click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    if (text) await page.keyboard.type(text);
  }

  /** Clicks Run and waits for the answer to this query; returns the headers the page sent. */
  async function run(query: string, expected: string) {
    const [response] = await Promise.all([
      page.waitForResponse(
        (candidate) =>
          candidate.request().method() === 'POST' &&
          (candidate.request().postData() ?? '').includes(query.replace(/"/g, '\\"')),
      ),
      page.locator('.graphiql-execute-button').click(),
    ]);
    await page.locator('.graphiql-response', { hasText: expected }).waitFor();
    return response.request().allHeaders();
  }

  test('a Bearer header reads the secret; without it the answer is UNAUTHENTICATED', async () => {
    const page_ = await page.goto(`${origin}/graphql`);
    expect(page_?.status()).toBe(200);
    expect(page_?.headers()['content-security-policy']).toContain("script-src 'self'");

    // The headers editor starts with the example users edit.
    await page.locator(HEADERS_EDITOR).waitFor();
    expect(await page.locator(HEADERS_EDITOR).innerText()).toContain('Bearer <token>');

    await typeInto(QUERY_EDITOR, '{ secret }');
    await typeInto(HEADERS_EDITOR, `{"Authorization": "Bearer ${token}"}`);
    const sent = await run('{ secret }', 'Secret contents!');
    expect(sent.authorization).toBe(`Bearer ${token}`);

    await typeInto(HEADERS_EDITOR, '');
    const anonymous = await run('{ secret }', 'UNAUTHENTICATED');
    expect(anonymous.authorization).toBeUndefined();
  });

  test('after the login mutation the session cookie authenticates, with the example header', async () => {
    await typeInto(
      QUERY_EDITOR,
      `mutation { login(username: "alice", password: "${PASSWORD}") { user { username } } }`,
    );
    await run('login(username: "alice"', '"username": "alice"');

    // The untouched example is not sent as a credential, so it does not hide the session.
    await typeInto(HEADERS_EDITOR, '{"Authorization": "Bearer <token>"}');
    await typeInto(QUERY_EDITOR, '{ secret }');
    const sent = await run('{ secret }', 'Secret contents!');
    expect(sent.authorization).toBeUndefined();
    expect(sent.cookie).toMatch(/^sessionid=/);
  });

  test('the docs pane shows the descriptions written in the SDL', async () => {
    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    await page.locator('.graphiql-doc-explorer').getByText('Query', { exact: true }).click();
    await page.locator('.graphiql-doc-explorer').getByText('secret', { exact: true }).click();
    await page
      .locator('.graphiql-doc-explorer', { hasText: 'The protected resource of the tutorial' })
      .waitFor();

    const screenshot = process.env.UPDATE_SCREENSHOT
      ? path.resolve(__dirname, '../../docs/playground.png')
      : path.join(userDataDir, 'playground.png');
    await page.screenshot({ path: screenshot });
  });

  test('everything came from this server, and the page broke no rule of its policy', () => {
    const foreign = requested.filter((url) => !url.startsWith(`${origin}/`) && !/^data:/.test(url));
    expect(foreign).toEqual([]);
    expect(requested).toContain(`${origin}/graphql/assets/graphiql.min.js`);
    expect(problems).toEqual([]);
  });
});
