'use strict';
// Web app budgets, measured in Debian's Chromium against the built app (`npm run build` first):
//  1. the JavaScript the login page loads, gzip-compressed (budget 350 kB);
//  2. the order page with 30 services: navigation start → itinerary rendered and the page usable
//     (the "Добавить услугу" button enabled), median and max of several loads (budget 1.5 s).
//     Measured under whatever load the machine has, so each load also records, in the same run:
//     - in the page: when the answers of /auth/me and GET /orders/{id} ended (Resource Timing),
//       i.e. how much of the figure was the API and how much the page itself;
//     - from node, right before the load: the raw API calls the page needs on its critical path
//       (/auth/me and the order, in parallel as the page makes them) and all seven it makes.
// node bench/web/web.bench.js
const { gzipSync } = require('node:zlib');
const { chromium } = require('@playwright/test');
const { freshDatabase, startApp, login, ADMIN_EMAIL, ADMIN_PASSWORD } = require('../lib');

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const RUNS = Number(process.env.WEB_BENCH_RUNS || 7);

async function api(base, token, method, path, body) {
  const r = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: body && JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
  return r.json();
}

/** An order with 30 services: 10 trips of flight there, hotel, flight back. */
async function seedOrder(base, token) {
  const client = await api(base, token, 'POST', '/clients', {
    fullName: 'Бенчмарков Борис',
    phones: ['+79990001122'],
  });
  const order = await api(base, token, 'POST', '/orders', {
    clientId: client.id,
    travellerIds: [client.id],
    currency: 'RUB',
  });
  const msk = { city: 'Москва', country: 'RU', timeZone: 'Europe/Moscow', iata: 'SVO' };
  const ist = { city: 'Стамбул', country: 'TR', timeZone: 'Europe/Istanbul', iata: 'IST' };
  for (let i = 0; i < 10; i++) {
    const day = (n) => new Date(Date.UTC(2027, 2, 1 + i * 10 + n)).toISOString().slice(0, 10);
    const common = { currency: 'RUB', commission: { percent: '5' }, travellerIds: [client.id], force: true };
    await api(base, token, 'POST', `/orders/${order.id}/services`, {
      ...common,
      type: 'flight',
      location: msk,
      destination: ist,
      supplier: 'Аэрофлот',
      price: '25000.00',
      startAt: `${day(0)}T09:00:00+03:00`,
      endAt: `${day(0)}T13:00:00+03:00`,
    });
    await api(base, token, 'POST', `/orders/${order.id}/services`, {
      ...common,
      type: 'hotel',
      location: ist,
      supplier: 'Hotel Pera',
      price: '40000.00',
      startAt: `${day(0)}T${i % 3 ? 15 : 11}:00:00+03:00`,
      endAt: `${day(5)}T12:00:00+03:00`,
    });
    await api(base, token, 'POST', `/orders/${order.id}/services`, {
      ...common,
      type: 'flight',
      location: ist,
      destination: msk,
      supplier: 'Turkish Airlines',
      price: '22000.00',
      startAt: `${day(5)}T15:00:00+03:00`,
      endAt: `${day(5)}T19:00:00+03:00`,
    });
  }
  return order.id;
}

async function timed(fn) {
  const t0 = performance.now();
  await fn();
  return Math.round(performance.now() - t0);
}

/** The API calls the order page makes, from node (no browser): critical path and all of them. */
async function rawApi(base, token, orderId) {
  const get = (path) =>
    fetch(`${base}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } }).then((r) => {
      if (!r.ok) throw new Error(`${path}: ${r.status}`);
      return r.arrayBuffer();
    });
  const critical = await timed(() => Promise.all([get('/auth/me'), get(`/orders/${orderId}`)]));
  const all = await timed(() =>
    Promise.all([
      get('/auth/me'),
      get(`/orders/${orderId}`),
      get(`/orders/${orderId}/documents`),
      get(`/orders/${orderId}/payments`),
      get(`/orders/${orderId}/balance`),
      get(`/orders/${orderId}/timeline?limit=100`),
      get('/staff?limit=200'),
    ]),
  );
  return { critical, all };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main() {
  const url = await freshDatabase('crm_bench_web');
  const app = await startApp(url, { PUBLIC_BASE_URL: 'http://127.0.0.1' });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ARGS,
  });
  try {
    // 1. login page JavaScript
    const context = await browser.newContext();
    const page = await context.newPage();
    const js = [];
    page.on('response', async (r) => {
      if (r.request().resourceType() === 'script')
        js.push(
          r.body().then((b) => ({ url: r.url(), raw: b.length, gz: gzipSync(b, { level: 9 }).length })),
        );
    });
    await page.goto(`${app.base}/login`, { waitUntil: 'networkidle' });
    await page.getByRole('button', { name: 'Войти' }).waitFor();
    const files = await Promise.all(js);
    const gz = files.reduce((s, f) => s + f.gz, 0);
    const raw = files.reduce((s, f) => s + f.raw, 0);
    console.log(
      JSON.stringify({
        scenario: 'login page JS',
        files: files.length,
        rawKB: +(raw / 1024).toFixed(1),
        gzipKB: +(gz / 1024).toFixed(1),
        budgetKB: 350,
      }),
    );
    await context.close();

    // 2. the order page with 30 services
    const token = await login(app.base, ADMIN_EMAIL, ADMIN_PASSWORD);
    const orderId = await seedOrder(app.base, token);
    const refresh = await fetch(`${app.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
    }).then((r) => r.json());
    for (const mode of ['cold', 'warm']) {
      const times = [];
      const apiEnds = [];
      const rawCritical = [];
      const rawAll = [];
      let calls = [];
      const ctx = await browser.newContext({
        locale: 'ru-RU',
        timezoneId: 'Europe/Moscow',
        viewport: { width: 1440, height: 900 },
      });
      await ctx.addInitScript((s) => localStorage.setItem('crm.session', JSON.stringify(s)), {
        accessToken: refresh.accessToken,
        refreshToken: refresh.refreshToken,
      });
      const p = await ctx.newPage();
      if (mode === 'warm') await p.goto(`${app.base}/orders/${orderId}`, { waitUntil: 'networkidle' });
      for (let i = 0; i < RUNS; i++) {
        if (mode === 'cold') await p.context().clearCookies();
        const cdp = mode === 'cold' ? await ctx.newCDPSession(p) : null;
        if (cdp) await cdp.send('Network.clearBrowserCache');
        const raw = await rawApi(app.base, refresh.accessToken, orderId);
        rawCritical.push(raw.critical);
        rawAll.push(raw.all);
        await p.goto(`${app.base}/orders/${orderId}`, { waitUntil: 'commit' });
        // checked in the page on every animation frame, so the figure is the page's, not the driver's polling
        const done = await p.waitForFunction(
          () => {
            const rows = document.querySelectorAll('tr[data-service-id]').length;
            const add = [...document.querySelectorAll('button')].find(
              (b) => b.textContent.trim() === 'Добавить услугу',
            );
            if (!(rows === 30 && add && !add.disabled)) return false;
            const now = Math.round(performance.now());
            const api = performance
              .getEntriesByType('resource')
              .filter((e) => /\/api\/v1\/(auth\/me|orders\/[0-9a-f-]{36})$/.test(e.name));
            const calls = performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/v1/'));
            return {
              now,
              apiEnd: Math.round(Math.max(0, ...api.map((e) => e.responseEnd))),
              apiCalls: calls.map((e) => new URL(e.name).pathname.replace(/[0-9a-f-]{36}/g, ':id')),
            };
          },
          null,
          { polling: 'raf', timeout: 120000 },
        );
        const r = await done.jsonValue();
        times.push(r.now);
        apiEnds.push(r.apiEnd);
        calls = r.apiCalls;
      }
      console.log(
        JSON.stringify({
          scenario: `order page, 30 services, ${mode} cache`,
          runs: RUNS,
          medianMs: median(times),
          maxMs: Math.max(...times),
          budgetMs: 1500,
          times,
          // in the page: when the last of /auth/me and the order had arrived
          apiAnsweredAtMs: apiEnds,
          pageOwnMedianMs: median(times.map((t, i) => t - apiEnds[i])),
          // from node just before each load: me + order in parallel; all seven calls in parallel
          rawCriticalApiMedianMs: median(rawCritical),
          rawAllApiMedianMs: median(rawAll),
          rawCriticalApiMs: rawCritical,
          ratioToRawCritical: +(median(times) / median(rawCritical)).toFixed(1),
          apiCallsBeforeUsable: calls,
          loadavg: require('node:os')
            .loadavg()
            .map((x) => +x.toFixed(1)),
        }),
      );
      await ctx.close();
    }
  } finally {
    await browser.close();
    await app.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
