import * as path from 'node:path';
import { synthesizeApp } from './cost/synth-app';
const env = { account: '111111111111', region: 'us-east-1' };
const app = synthesizeApp('cost-two-stages', {
  serviceStacks: false,
  stages: [{ name: 'dev', ...env }, { name: 'prod', ...env, approval: true }],
  pipeline: { repository: 'acme/shop' },
}, 'us-east-1', path.join(__dirname, '..', 'test-apps-deploy'));
console.log(app.dir);
