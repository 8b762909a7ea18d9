/**
 * Integration test against the deployed stack (spec: Testing Strategies, integration testing): the
 * same requests as the local test, sent to the real API, then what they did read back from the real
 * table. It finds the API, the event bus and the tables from the stack itself (its outputs and its
 * resources, nested stacks included), by the stack's name:
 *
 *   npx projen deploy && INTEGRATION_STACK_NAME=<stack> AWS_PROFILE=<profile> npx jest test/integration
 *
 * With `stages`, the stack of stage `dev` is `dev-<app>`, and the deploy workflow runs this file after
 * each stage's deploy with the stage's stack name. Without a stack name or AWS credentials, each test
 * is reported as skipped, never as passed, and the reason is printed. This file is yours: add the
 * requests your API must answer.
 */
import { CloudFormationClient, DescribeStacksCommand, paginateListStackResources, StackResourceSummary } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

const STACK_NAME = process.env.INTEGRATION_STACK_NAME;
const HAS_CREDENTIALS = ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_WEB_IDENTITY_TOKEN_FILE']
  .some((name) => Boolean(process.env[name]));

/**
 * A collection route whose POST creates an item that its item route returns, and the logical ID
 * its service's table starts with; undefined when the app has none.
 */
const ROUND_TRIP: { readonly collection: string; readonly key: string; readonly table: string; readonly body: object } | undefined = {
  collection: 'items',
  key: 'id',
  table: 'ItemsServiceTable',
  body: { name: 'integration test' },
};

/** Why the tests cannot run here, if they cannot. */
const SKIPPED_BECAUSE = !STACK_NAME
  ? 'INTEGRATION_STACK_NAME names no deployed stack'
  : !HAS_CREDENTIALS ? 'no AWS credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID, a container or web identity)' : undefined;
if (SKIPPED_BECAUSE) {
  console.warn(`integration tests skipped: ${SKIPPED_BECAUSE}`);
}
const describeDeployed = SKIPPED_BECAUSE ? describe.skip : describe;

/** The resources of a stack and of its nested stacks, at any depth. */
async function resourcesOf(cloudFormation: CloudFormationClient, stackName: string): Promise<StackResourceSummary[]> {
  const resources: StackResourceSummary[] = [];
  for await (const page of paginateListStackResources({ client: cloudFormation }, { StackName: stackName })) {
    resources.push(...(page.StackResourceSummaries ?? []));
  }
  const nested = resources.filter((resource) => resource.ResourceType === 'AWS::CloudFormation::Stack' && resource.PhysicalResourceId);
  const inNested = await Promise.all(nested.map((stack) => resourcesOf(cloudFormation, stack.PhysicalResourceId!)));
  return [...resources, ...inNested.flat()];
}

describeDeployed(`the deployed stack ${STACK_NAME}`, () => {
  let apiUrl: string;
  let resources: StackResourceSummary[];

  beforeAll(async () => {
    const cloudFormation = new CloudFormationClient({});
    const { Stacks } = await cloudFormation.send(new DescribeStacksCommand({ StackName: STACK_NAME }));
    const outputs = Stacks?.[0]?.Outputs ?? [];
    const api = outputs.find((output) => output.OutputKey?.endsWith('ApiUrl'));
    if (!api?.OutputValue) {
      throw new Error(`stack ${STACK_NAME} has no ApiUrl output; its outputs are ${outputs.map((output) => output.OutputKey).join(', ') || 'none'}`);
    }
    apiUrl = api.OutputValue.replace(/\/?$/, '/');
    resources = await resourcesOf(cloudFormation, STACK_NAME!);
  });

  test('the REST API answers a route it does not have with 403 Missing Authentication Token', async () => {
    const response = await fetch(`${apiUrl}no-such-route`);
    expect(response.status).toBe(403);
  });

  (ROUND_TRIP ? test : test.skip)('creates an item over HTTP, reads it back, and finds it in the table', async () => {
    const { collection, key, table, body } = ROUND_TRIP!;
    // the create handler publishes its event on the stack's bus before it answers: a 201 means the bus took it
    const created = await fetch(`${apiUrl}${collection}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect(created.status).toBe(201);
    const item = await created.json() as Record<string, string>;
    const read = await fetch(`${apiUrl}${collection}/${encodeURIComponent(item[key])}`);
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual(item);

    const tableName = resources
      .find((resource) => resource.ResourceType === 'AWS::DynamoDB::Table' && resource.LogicalResourceId?.startsWith(table))?.PhysicalResourceId;
    expect(tableName).toBeDefined();
    const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    const stored = await documents.send(new GetCommand({ TableName: tableName, Key: { [key]: item[key] } }));
    expect(stored.Item).toEqual(item);
  });

  test('has its event bus', () => {
    expect(resources.filter((resource) => resource.ResourceType === 'AWS::Events::EventBus').map((resource) => resource.ResourceStatus))
      .toEqual([expect.stringMatching(/_COMPLETE$/)]);
  });
});
