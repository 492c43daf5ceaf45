// The pages the soak and watch runs open, as the engines tests serve them: a copy of
// dist/ with the error recorder (tests/engines/page-errors.js) first in its <head>, on
// 127.0.0.1; course notes on another origin (localhost) embedding it in an iframe and
// talking to it through postMessage; and the offline single file (scripts/offline.mjs)
// with the recorder, opened from file://.

import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, ROOT, startStaticServer } from '../e2e/helpers.mjs';

/** `html` with the error recorder as its first script, before the page's policy. */
export function instrument(html, recorder) {
  const marker = '<meta charset="utf-8">';
  if (!html.includes(marker)) throw new Error(`the page has no ${marker} to put the error recorder after`);
  return html.replace(marker, `${marker}\n  <script>${recorder}</script>`);
}

/**
 * Serve the pages from `work` (a scratch folder). Resolves to { page, notes, offline,
 * fingerprintLink, close }: the page's URL, the notes' URL, the offline file's URL.
 */
export async function preparePages(work) {
  let recorder = readFileSync(join(ROOT, 'tests', 'engines', 'page-errors.js'), 'utf8');
  if (process.env.SOAK_NESTING === '1') recorder += readFileSync(join(ROOT, 'tests', 'soak', 'depth.js'), 'utf8');
  const served = join(work, 'page');
  cpSync(DIST, served, { recursive: true });
  writeFileSync(join(served, 'index.html'), instrument(readFileSync(join(DIST, 'index.html'), 'utf8'), recorder));
  const pageServer = await startStaticServer(served, '127.0.0.1');
  const offlineFile = join(work, 'offline', 'playground.html');
  execFileSync('node', [join(ROOT, 'scripts', 'offline.mjs'), DIST, offlineFile], { stdio: 'ignore' });
  writeFileSync(offlineFile, instrument(readFileSync(offlineFile, 'utf8'), recorder));
  const notes = join(work, 'notes');
  mkdirSync(notes);
  const notesServer = await startStaticServer(notes, 'localhost');
  const pageOrigin = pageServer.url.replace(/\/$/, '');
  const notesOrigin = notesServer.url.replace(/\/$/, '');
  const notesPage = (html) => writeFileSync(join(notes, 'index.html'), instrument(html, recorder));
  notesPage(
    `<!doctype html><meta charset="utf-8"><title>Course notes</title>
    <iframe id="fig" title="playground" style="width:480px;height:640px;border:0"
      src="${pageOrigin}/#depth=3&width=6&n=100&embed=1&panels=heatmap,loss&frame=fig&parent=${encodeURIComponent(notesOrigin)}"></iframe>
    <script>
      window.inbox = [];
      addEventListener('message', (e) => inbox.push({ origin: e.origin, data: e.data }));
      window.ask = (message) => document.getElementById('fig').contentWindow.postMessage(message, ${JSON.stringify(pageOrigin)});
    </script>`,
  );
  // Six playgrounds at once (the `crowd` operation): six pages and six workers starting
  // their modules together.
  const frames = [1, 2, 3, 4, 5, 6]
    .map(
      (i) => `<iframe id="fig${i}" title="playground ${i}" style="width:420px;height:560px;border:0"
      src="${pageOrigin}/#depth=${2 + i}&width=6&n=100&act=tanh&seed=${i}&embed=1&panels=heatmap,loss&frame=fig${i}&parent=${encodeURIComponent(notesOrigin)}"></iframe>`,
    )
    .join('\n');
  writeFileSync(
    join(notes, 'crowd.html'),
    instrument(
      `<!doctype html><meta charset="utf-8"><title>Course notes, six figures</title>
    ${frames}
    <script>
      window.inbox = [];
      const figures = [...document.querySelectorAll('iframe')];
      addEventListener('message', (e) => inbox.push({ from: figures.findIndex((f) => f.contentWindow === e.source), data: e.data }));
      window.askFigure = (i, message) => figures[i].contentWindow.postMessage(message, ${JSON.stringify(pageOrigin)});
    </script>`,
      recorder,
    ),
  );
  return {
    crowd: `${notesServer.url.replace(/\/$/, '')}/crowd.html`,
    page: pageServer.url,
    notes: notesServer.url,
    offline: pathToFileURL(offlineFile).href,
    fingerprintLink: 'data=moons&n=200&depth=4&width=8&act=tanh&init=glorot_normal&bn=1&res=1&opt=adam&lr=0.01&batch=16&seed=7',
    async close() {
      await pageServer.close();
      await notesServer.close();
    },
  };
}
