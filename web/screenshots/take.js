'use strict';
// Screenshots for the README: a fresh database, `npm run demo` on it, then the main screens in
// Debian's Chromium. `npm run build` first; node web/screenshots/take.js
const { execFileSync } = require('node:child_process');
const { resolve } = require('node:path');
const { chromium } = require('@playwright/test');
const { freshDatabase, startApp, ADMIN_EMAIL, ADMIN_PASSWORD, ROOT } = require('../../bench/lib');

const OUT = __dirname;
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

async function main() {
  const url = await freshDatabase('crm_bench_screenshots');
  const app = await startApp(url);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
  try {
    execFileSync(process.execPath, [resolve(ROOT, 'scripts/demo.js')], {
      env: { ...process.env, DEMO_URL: app.base, ADMIN_EMAIL, ADMIN_PASSWORD },
      stdio: 'inherit',
    });
    const page = await browser.newPage({
      locale: 'ru-RU',
      timezoneId: 'Europe/Moscow',
      viewport: { width: 1280, height: 760 },
    });
    page.setDefaultTimeout(120_000);
    const shot = async (name) => {
      await page.waitForLoadState('networkidle');
      // lazy chunks and queries: wait until no spinner is left (a screenshot, not a test)
      await page.waitForFunction(() => !document.querySelector('.ant-spin-spinning'), null, {
        timeout: 120_000,
      });
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(400);
      await page.screenshot({ path: resolve(OUT, `${name}.png`) });
    };
    await page.goto(`${app.base}/login`);
    await shot('login');
    await page.getByLabel('E-mail').fill(ADMIN_EMAIL);
    await page.getByLabel('Пароль').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByRole('navigation', { name: 'Разделы' }).waitFor();
    await page.goto(`${app.base}/applications?status=all`);
    await shot('applications');
    await page.goto(`${app.base}/orders`);
    await shot('orders');
    // the order with the itinerary conflict
    await page
      .getByRole('link', { name: /Соколов Пётр/ })
      .first()
      .waitFor()
      .catch(() => undefined);
    const rows = page.getByRole('row');
    let opened = false;
    for (let i = 1; i < (await rows.count()) && !opened; i++) {
      if ((await rows.nth(i).textContent())?.includes('Соколов')) {
        await rows.nth(i).getByRole('link').first().click();
        opened = true;
      }
    }
    if (!opened) await rows.nth(1).getByRole('link').first().click();
    await page.getByText(/^Услуги \(\d+\)$/).waitFor();
    await page.setViewportSize({ width: 1280, height: 1100 });
    await shot('order');
    await page.setViewportSize({ width: 1280, height: 760 });
    await page.goto(`${app.base}/clients`);
    await shot('clients');
    await page.goto(`${app.base}/finance`);
    await page.getByRole('tab', { name: 'Долги' }).click();
    await shot('finance-debts');
    await page.goto(`${app.base}/audit`);
    await shot('audit');
    console.log(`screenshots in ${OUT}`);
  } finally {
    await browser.close();
    await app.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
