import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import axe from 'axe-core';
import { chromium as playwright, type Browser, type Page } from 'playwright-core';

/**
 * Where @sparticuz/chromium unpacks its browser (to the temp directory) and the flags it needs:
 * asked of a child Node, since the package is ES modules only and jest's runtime is CommonJS.
 */
async function packagedChromium(): Promise<{ executablePath: string; args: string[] }> {
  const script = `import('@sparticuz/chromium').then(async ({ default: c }) => console.log(JSON.stringify({ executablePath: await c.executablePath(), args: c.args })))`;
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script]);
  return JSON.parse(stdout) as { executablePath: string; args: string[] };
}

/**
 * Flags of the package's (meant for AWS Lambda) that a test must not have: one process dies with
 * its first closed context, and pages must meet the same-origin rules a citizen's browser has.
 */
const LAMBDA_ONLY = new Set(['--single-process', '--disable-web-security', '--allow-running-insecure-content']);

/** Headless Chromium from the @sparticuz/chromium package that npm ci installs: no system browser, no extra install. */
export async function launchBrowser(): Promise<Browser> {
  const { executablePath, args } = await packagedChromium();
  return playwright.launch({ executablePath, args: args.filter((arg) => !LAMBDA_ONLY.has(arg)), headless: true });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** axe-core's WCAG 2.1 A and AA checks on the page as it is now: the serious and critical violations. */
export async function seriousAccessibilityViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol: the pages' Content-Security-Policy forbids inline scripts, rightly.
  await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const results = await (window as any).axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return results.violations.map((violation: any) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node: any) => String(node.target)),
    }));
  });
  return (violations as AxeViolation[]).filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}
