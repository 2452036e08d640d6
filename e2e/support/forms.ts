import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';

/**
 * Opens a template with its form filled in (as the entity pages' links do),
 * types a fresh value into each empty secret field (returned, so a test can
 * look for it later), walks the steps and submits.
 */
export async function requestThroughForm(
  page: Page,
  appUrl: string,
  template: string,
  values: object,
): Promise<string[]> {
  const typed: string[] = [];
  await page.goto(
    `${appUrl}/create/templates/default/${template}?formData=${encodeURIComponent(
      JSON.stringify(values),
    )}`,
  );
  const next = page.getByRole('button', { name: 'Next', exact: true });
  const review = page.getByRole('button', { name: 'Review', exact: true });
  await next.or(review).first().waitFor({ timeout: 60_000 });
  for (let step = 0; step < 10; step++) {
    for (const field of await page.locator('input[type="password"]').all()) {
      if (!(await field.inputValue())) {
        const value = randomBytes(16).toString('hex');
        typed.push(value);
        await field.fill(value);
      }
    }
    if (await review.isVisible()) break;
    await next.click();
    // the next step renders in place
    await page.waitForTimeout(400);
  }
  await review.click();
  await page.getByRole('button', { name: 'Create' }).click();
  return typed;
}
