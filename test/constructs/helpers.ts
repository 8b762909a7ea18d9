import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A prebuilt bundle folder, as the `bundle` task writes: `index.js` exporting `handler`. */
export function fakeBundle(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-'));
  fs.writeFileSync(path.join(dir, 'index.js'), 'exports.handler = async () => ({ statusCode: 200 });\n');
  return dir;
}
