/**
 * Integration test against the deployed stack (spec: Testing Strategies, integration testing): the
 * same requests as the local test, sent to the real API. It runs only when INTEGRATION_STACK_NAME
 * names a deployed stack and AWS credentials are available:
 *
 *   npx projen deploy && INTEGRATION_STACK_NAME=<stack> AWS_PROFILE=<profile> npx jest test/integration
 *
 * Otherwise each test is reported as skipped, never as passed. This file is yours: add the
 * requests your API must answer.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';

const STACK_NAME = process.env.INTEGRATION_STACK_NAME;
const HAS_CREDENTIALS = ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_WEB_IDENTITY_TOKEN_FILE']
  .some((name) => Boolean(process.env[name]));

/** A collection route whose POST creates an item that its item route returns; undefined when the app has none. */
const ROUND_TRIP: { readonly collection: string; readonly key: string; readonly body: object } | undefined = {
  collection: 'items',
  key: 'id',
  body: { name: 'integration test' },
};

const describeDeployed = STACK_NAME && HAS_CREDENTIALS ? describe : describe.skip;

describeDeployed(`the deployed stack ${STACK_NAME}`, () => {
  let apiUrl: string;

  beforeAll(async () => {
    const { Stacks } = await new CloudFormationClient({}).send(new DescribeStacksCommand({ StackName: STACK_NAME }));
    const outputs = Stacks?.[0]?.Outputs ?? [];
    const api = outputs.find((output) => output.OutputKey?.endsWith('ApiUrl'));
    if (!api?.OutputValue) {
      throw new Error(`stack ${STACK_NAME} has no ApiUrl output; its outputs are ${outputs.map((output) => output.OutputKey).join(', ') || 'none'}`);
    }
    apiUrl = api.OutputValue.replace(/\/?$/, '/');
  });

  test('the REST API answers a route it does not have with 403 Missing Authentication Token', async () => {
    const response = await fetch(`${apiUrl}no-such-route`);
    expect(response.status).toBe(403);
  });

  (ROUND_TRIP ? test : test.skip)('creates an item over HTTP and reads it back', async () => {
    const { collection, key, body } = ROUND_TRIP!;
    const created = await fetch(`${apiUrl}${collection}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect(created.status).toBe(201);
    const item = await created.json() as Record<string, string>;
    const read = await fetch(`${apiUrl}${collection}/${encodeURIComponent(item[key])}`);
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual(item);
  });
});
