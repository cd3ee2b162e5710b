/* global document, fetch, location, Headers, React, ReactDOM, GraphiQL */
'use strict';

/*
 * Starts GraphiQL on the playground page. This file is served from this server, like every other
 * asset of the page, so the Content-Security-Policy can refuse inline scripts and other origins.
 */

/** What the headers editor shows first: an example to edit, not a credential. */
const EXAMPLE_HEADERS = JSON.stringify({ Authorization: 'Bearer <token>' }, null, 2);

/** The example left as it is, or emptied, means "no token": the request goes out without one. */
const PLACEHOLDER = /^\s*(bearer\s*(<token>)?)?\s*$/i;

const DEFAULT_QUERY = `# Welcome to the playground of this API.
#
# Log in with the \`login\` mutation (the session cookie is sent with every request), or put an
# OAuth2 access token in the headers below, then run:

{
  secret
}
`;

/**
 * Sends GraphiQL's requests with the session cookie (same origin only) and without the
 * Authorization example when it was left unchanged.
 */
function playgroundFetch(input, init) {
  const headers = new Headers((init && init.headers) || {});
  if (PLACEHOLDER.test(headers.get('authorization') || '')) headers.delete('authorization');
  return fetch(input, Object.assign({}, init, { headers, credentials: 'same-origin' }));
}

const fetcher = GraphiQL.createFetcher({
  url: location.origin + location.pathname,
  fetch: playgroundFetch,
});

ReactDOM.createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, {
    fetcher,
    defaultQuery: DEFAULT_QUERY,
    defaultHeaders: EXAMPLE_HEADERS,
    defaultEditorToolsVisibility: 'headers',
    isHeadersEditorEnabled: true,
    // Tokens typed into the headers editor stay in this tab; they are not written to storage.
    shouldPersistHeaders: false,
  }),
);
