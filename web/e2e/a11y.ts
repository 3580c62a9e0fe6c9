import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** axe-core over the page: no serious or critical violations (WCAG 2 A/AA rules). */
export async function noSeriousViolations(page: Page, screen: string) {
  // colours are only final once antd's enter animations (a modal zooming and fading in) have
  // ended: axe measured a half-transparent button's contrast once
  // (endless ones, such as a spinner, are not waited for)
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity),
  );
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const serious = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${screen}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
  expect(serious).toEqual([]);
}

/** Every visible input, select and textarea has an accessible name (a label or aria-label). */
export async function everyInputLabelled(page: Page, screen: string) {
  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('input, select, textarea')]
      .filter((e) => e.offsetParent !== null && (e as HTMLInputElement).type !== 'hidden')
      .filter((e) => {
        const labels = (e as HTMLInputElement).labels;
        return (
          !(labels && labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby')
        );
      })
      .map((e) => e.outerHTML.slice(0, 120)),
  );
  expect(unlabelled, screen).toEqual([]);
}
