// The dashboard in a real headless Chromium against a real server on 127.0.0.1 with the example workspace:
// the overview shows the incidents the API has, and clicking one opens its detail with the timeline.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleServer, type ComposedServer, EXAMPLE_DIR } from '../../src/compose.js';
import { readConfigFile } from '../../src/config/index.js';
import { type StoreLocation, TARGETS } from '../storage/targets.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium)
  console.warn(`[dashboard test] skipped: ${CHROMIUM} not installed (apt-get install -y chromium)`);

describe.skipIf(!hasChromium)('dashboard in headless Chromium', () => {
  let server: ComposedServer;
  let location: StoreLocation;
  let base: string;
  beforeAll(async () => {
    location = await TARGETS[0]!.fresh();
    const store = await location.open();
    const env = {};
    server = assembleServer({
      env,
      store,
      config: readConfigFile(`${EXAMPLE_DIR}/driftgate.yaml`, env),
      example: EXAMPLE_DIR,
      log: false,
      port: 0,
      host: '127.0.0.1',
    });
    base = await server.listen();
  });
  afterAll(async () => {
    await server?.close();
    await location?.cleanup();
  });

  it('lists incidents, opens one, and shows its samples and timeline', async () => {
    const api = (await (await fetch(`${base}/api/v1/drift/incidents?limit=1000`)).json()) as {
      total: number;
      incidents: { id: string; method: string; endpoint: string }[];
    };
    expect(api.total).toBeGreaterThan(0);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    });
    try {
      const page = await browser.newPage();
      await page.goto(base);
      await page.waitForSelector('tr.row');
      expect(await page.locator('[data-card="incidents"]').textContent()).toBe(String(api.total));
      expect(await page.locator('tr.row').count()).toBe(api.total);
      expect(await page.locator('#pageinfo').textContent()).toBe(`${api.total} of ${api.total} incidents`);
      const first = api.incidents[0]!;
      await page.locator(`tr.row[data-id="${first.id}"]`).click();
      await page.waitForSelector('#detail h2');
      expect(page.url()).toBe(`${base}/incidents/${first.id}`);
      expect(await page.locator('#detail h2 code').textContent()).toBe(`${first.method} ${first.endpoint}`);
      expect(await page.locator('#detail').textContent()).toContain('created');
      // The link notifications send works when opened directly.
      await page.goto(`${base}/incidents/${first.id}`);
      await page.waitForSelector('#detail h2');
      expect(await page.locator('#error').textContent()).toBe('');
    } finally {
      await browser.close();
    }
  });
});
