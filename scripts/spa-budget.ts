import { fileURLToPath } from 'node:url';
import { describeSpaSize, measureSpaSize } from '../bench/spa-size';

/**
 * `npm run size` (part of `npm test`): fails when the JavaScript the overview needs before its first
 * render grows past its budget, so the bundle cannot grow silently.
 */
const size = await measureSpaSize(fileURLToPath(new URL('../', import.meta.url)));
process.stdout.write(`${describeSpaSize(size)}\n`);
if (size.overview_gzip_bytes > size.budget_bytes) {
  process.stderr.write(
    'The overview is over its JavaScript budget: split what it does not need before first render.\n',
  );
  process.exit(1);
}
