// Builds the page into dist/ (index.html, app.js): the generated types' drift check, a type check, one bundle.
// Run by `npm run build`; te dashboard serves dist/ (--web). Works offline once node_modules is installed.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
execFileSync(process.execPath, [join(root, 'scripts', 'gen-types.mjs'), '--check'], { stdio: 'inherit' });
execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', root], { stdio: 'inherit' });
mkdirSync(join(root, 'dist'), { recursive: true });
await build({
  entryPoints: [join(root, 'src', 'main.ts')],
  bundle: true,
  minify: process.env.TE_DASHBOARD_MINIFY !== '0', // TE_DASHBOARD_MINIFY=0: readable names in a profile
  format: 'iife',
  target: 'es2020',
  outfile: join(root, 'dist', 'app.js'),
  legalComments: 'inline', // lightweight-charts' licence header stays in the bundle
});
copyFileSync(join(root, 'src', 'index.html'), join(root, 'dist', 'index.html'));
console.log('built dist/');
