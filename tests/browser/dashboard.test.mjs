// Drives the gateway dashboard in Debian's chromium with playwright-core. Run by
// tests/EdgeFM.Gateway.Tests/Dashboard/DashboardBrowserTests.cs against a real `edgefm serve --dashboard on` with two
// copies of stories260K (EDGEFM_MODEL_A is loaded, EDGEFM_MODEL_B is not, and the budget holds one of them):
// signs in with the API key, checks the page shows the loaded model, serves a request and sees the traffic table
// move, serves the other model and sees the policy's eviction with its reason, saves a screenshot, and fails on any
// console error. Exit code 0 when every check passed.
import { chromium } from 'playwright-core';

const base = process.env.EDGEFM_URL;
const key = process.env.EDGEFM_KEY;
const modelA = process.env.EDGEFM_MODEL_A;
const modelB = process.env.EDGEFM_MODEL_B;
const policy = process.env.EDGEFM_POLICY ?? 'LRU';
const screenshot = process.env.EDGEFM_SCREENSHOT;
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const timeout = 15_000;

if (!base || !key || !modelA || !modelB || !screenshot) {
  console.error('set EDGEFM_URL, EDGEFM_KEY, EDGEFM_MODEL_A, EDGEFM_MODEL_B and EDGEFM_SCREENSHOT');
  process.exit(2);
}

function check(condition, message) {
  if (!condition) throw new Error(message);
  console.log('ok: ' + message);
}

async function complete(model) {
  const response = await fetch(new URL('/v1/completions', base), {
    method: 'POST',
    headers: { authorization: 'Bearer ' + key, 'content-type': 'application/json' },
    body: JSON.stringify({ model, prompt: 'Once upon a time', max_tokens: 16, temperature: 0 }),
  });
  await response.text();
  check(response.status === 200, `a completion on ${model} was served (HTTP ${response.status})`);
}

const text = async (locator) => (await locator.textContent())?.trim();

// Flags from the machine's notes: no sandbox as root, and nothing that reaches for the network in the background.
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const errors = [];
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  page.setDefaultTimeout(timeout);
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  page.on('pageerror', (error) => errors.push(String(error)));

  await page.goto(new URL('/dashboard', base).href);
  check(await page.locator('input[name=key]').count() === 1, 'without a session the dashboard asks for the API key');
  await page.fill('input[name=key]', 'wrong-key');
  await page.click('button[type=submit]');
  await page.locator('.error').waitFor();
  check((await text(page.locator('.error'))) === 'Incorrect API key.', 'a wrong key is refused');
  await page.fill('input[name=key]', key);
  await page.click('button[type=submit]');
  await page.locator('#status[data-status=live]').waitFor();
  check(true, 'signed in, the live event stream is connected');

  const rowA = page.locator(`#models tr[data-model="${modelA}"]`);
  const rowB = page.locator(`#models tr[data-model="${modelB}"]`);
  await page.locator(`#models tr[data-model="${modelA}"][data-state=loaded]`).waitFor();
  check(true, `the page shows ${modelA} loaded`);
  check(await rowB.getAttribute('data-state') === 'unloaded', `the page shows ${modelB} unloaded`);
  check((await text(page.locator('#budget-text'))).includes(' of '), 'the page shows bytes against the budget');
  check(await page.locator('#rps-chart canvas').count() > 0 && await page.locator('#latency-chart canvas').count() > 0, 'both charts are drawn');

  const edgeRequests = page.locator('#placements tr[data-placement=edge] [data-field=requests]');
  const before = Number(await text(edgeRequests));
  const servedBefore = Number(await text(rowA.locator('[data-field=served]')));
  await complete(modelA);
  await page.waitForFunction(([n]) => Number(document.querySelector('#placements tr[data-placement=edge] [data-field=requests]').textContent) > n, [before], { timeout });
  check(true, 'the edge request count went up after a request was served');
  await page.waitForFunction(([id, n]) => Number(document.querySelector(`#models tr[data-model="${id}"] [data-field=served]`).textContent) > n, [modelA, servedBefore], { timeout });
  check(true, `${modelA}'s served count went up`);
  check(/\d/.test(await text(page.locator('#placements tr[data-placement=edge] td:nth-child(4)'))), 'time to first token p50 is shown');

  const lastSequence = Number(await page.locator('#events li[data-sequence]').first().getAttribute('data-sequence'));
  await complete(modelB);
  await page.waitForFunction(([id, n]) => Number(document.querySelector(`#events li[data-kind=evicted][data-model="${id}"]`)?.dataset.sequence ?? 0) > n, [modelA, lastSequence], { timeout });
  const eviction = page.locator(`#events li[data-kind=evicted][data-model="${modelA}"]`).first();
  const reason = await text(eviction);
  check(reason.includes(`${policy} evicted it for ${modelB}`), `the eviction of ${modelA} shows the policy's reason: "${reason}"`);
  await page.locator(`#models tr[data-model="${modelA}"][data-state=unloaded]`).waitFor();
  await page.locator(`#models tr[data-model="${modelB}"][data-state=loaded]`).waitFor();
  check(true, `the models table shows ${modelB} loaded and ${modelA} evicted`);
  check(await page.locator(`#events li[data-kind=loaded][data-model="${modelB}"]`).count() > 0, `the event log shows ${modelB}'s load`);

  // A little more traffic on both models so the screenshot shows moving charts.
  for (const model of [modelB, modelB, modelA, modelA, modelA]) await complete(model);
  await page.waitForFunction(([n]) => Number(document.querySelector('#placements tr[data-placement=edge] [data-field=requests]').textContent) >= n, [before + 7], { timeout });
  await page.waitForTimeout(1200);
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log('screenshot: ' + screenshot);

  check(errors.length === 0, 'no console errors' + (errors.length ? ': ' + errors.join(' | ') : ''));
  console.log('dashboard browser test passed');
} catch (error) {
  console.error('FAILED: ' + (error?.message ?? error));
  if (errors.length) console.error('console errors: ' + errors.join(' | '));
  process.exitCode = 1;
} finally {
  await browser.close();
}
