import * as fs from 'node:fs';
import * as path from 'node:path';
import { Component, Project } from 'projen';

/** What `projen new` adds to the options it writes: the ones that matter here, commented out. */
export const PROJENRC_EXAMPLE: readonly string[] = [
  '',
  '  // Your architecture: every `npx projen` regenerates the stacks, tests and docs from it. Left out,',
  '  // the app is the sample `items` service. To use these, uncomment them and import',
  "  // FunctionPreset and HttpMethod from 'projen-serverless-patterns' (docs/getting-started.md).",
  '  // services: [{',
  "  //   name: 'orders',",
  "  //   table: { partitionKey: { name: 'orderId' } },",
  "  //   events: ['OrderPlaced'],",
  '  //   functions: [',
  "  //     { name: 'place', route: { method: HttpMethod.POST, path: '/orders' }, publishes: ['OrderPlaced'] },",
  "  //     { name: 'show', route: { method: HttpMethod.GET, path: '/orders/{orderId}' } },",
  '  //   ],',
  '  // }],',
  '  // defaultPreset: FunctionPreset.SIMPLE,  /* memory, timeout and concurrency of the functions (docs/presets.md) */',
  "  // api: { cors: { allowOrigins: ['https://shop.example.com'] } },  /* the REST API: stage, CORS, cache, authorizer (docs/patterns/rest-api.md) */",
];

/**
 * Adds `PROJENRC_EXAMPLE` to the .projenrc.ts that `projen new` writes, before the options
 * projen itself comments out; only while `projen new` creates the app, so a user's own
 * .projenrc.ts is never touched.
 */
export class ProjenrcExample extends Component {
  constructor(project: Project, private readonly fileName: string) {
    super(project);
  }

  public projectCreation(): void {
    const file = path.join(this.project.outdir, this.fileName);
    if (!fs.existsSync(file)) {
      return;
    }
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    // the options projen wrote, and then its own commented ones: the example goes between
    const at = lines.findIndex((line) => /^\s*\/\/ /.test(line) || /^\}\);/.test(line));
    if (at < 0 || lines.some((line) => line.includes('// services: [{'))) {
      return;
    }
    const blankBefore = lines[at - 1] === '' ? at - 1 : at;
    lines.splice(blankBefore, 0, ...PROJENRC_EXAMPLE);
    fs.writeFileSync(file, lines.join('\n'));
  }
}
