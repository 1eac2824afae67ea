// Preloaded (node -r) when Electronegativity runs offline: at start it fetches
// translations over the network and, without one, dies of an uncaught error
// from its HTTP client. Only that error is ignored; any other still fails.
'use strict';
process.on('unhandledRejection', (e) => {
  const text = String((e && (e.stack || e.message)) || e);
  if (/got|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|getaddrinfo|RequestError|translations/i.test(text)) return;
  console.error(e);
  process.exit(1);
});
process.on('uncaughtException', (e) => {
  const text = String((e && (e.stack || e.message)) || e);
  if (/got|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|getaddrinfo|RequestError|translations/i.test(text)) return;
  console.error(e);
  process.exit(1);
});
