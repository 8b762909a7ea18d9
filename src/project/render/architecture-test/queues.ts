/** The queues behind API routes: encryption, retention, visibility, the SQS integration and its role, and the consumer. */
import { EXPECT_AUTHORIZATION, functionRef, orUndefined, row, rowLines, Section, serviceRef } from './helpers';
import { AppModel, ServiceModel } from '../../model';
import { lines, str } from '../typescript';

/** Lambda's advice, which the `visibilityTimeoutSeconds` option follows: six timeouts of the consumer. */
const VISIBILITY_PER_TIMEOUT = 6;
/** SQS's own visibility timeout, for a queue without a consumer. */
const SQS_DEFAULT_VISIBILITY_SECONDS = 30;

export function queueSection(app: AppModel): Section | undefined {
  const queues = app.services.flatMap((service) => service.queues.map((queue) => ({ service, queue })));
  if (queues.length === 0) {
    return undefined;
  }
  const queueRef = (service: ServiceModel, propertyName: string) => `${serviceRef(service)}.${propertyName}`;
  const rows = queues.map(({ service, queue }) => {
    const consumerTimeout = queue.consumer?.timeoutSeconds;
    const visibilityTimeout = queue.visibilityTimeoutSeconds
      ?? (consumerTimeout === undefined ? SQS_DEFAULT_VISIBILITY_SECONDS : VISIBILITY_PER_TIMEOUT * consumerTimeout);
    const visibility = `${visibilityTimeout} s${consumerTimeout === undefined ? ''
      : `, at least ${VISIBILITY_PER_TIMEOUT} timeouts of its consumer (${consumerTimeout} s)`}`;
    return row({
      name: str(`${service.name}/${queue.name}`),
      queue: queueRef(service, queue.propertyName),
      api: `stack.${service.api!.propertyName}`,
      route: str(`${queue.route.method} ${queue.route.path}`),
      authorized: String(queue.route.authorized),
      retentionDays: String(queue.retentionDays),
      maxReceiveCount: String(queue.maxReceiveCount),
      visibility: str(visibility),
      visibilityTimeout: String(visibilityTimeout),
      consumerTimeout: orUndefined(consumerTimeout),
    });
  });
  const validated = queues.filter(({ queue }) => queue.route.bodySchemaFile).map(({ service, queue }) => row({
    name: str(`${service.name}/${queue.name}`),
    queue: queueRef(service, queue.propertyName),
    api: `stack.${service.api!.propertyName}`,
    schemaFile: str(queue.route.bodySchemaFile!),
  }));
  const consumed = queues.filter(({ queue }) => queue.consumer).map(({ service, queue }) => {
    const events = queue.consumer!.queueEvents!;
    return row({
      name: str(`${service.name}/${queue.name}`),
      queue: queueRef(service, queue.propertyName),
      consumerName: str(`${queue.consumer!.service}/${queue.consumer!.name}`),
      fn: functionRef(queue.consumer!, app),
      batchSize: String(events.batchSize),
      // a window of 0 is no window
      batchingWindow: orUndefined(events.maxBatchingWindowSeconds || undefined),
      maxConcurrency: orUndefined(events.maxConcurrency),
    });
  });
  return {
    helpers: consumed.length > 0 ? ['Statement', 'actionsOn', 'mappingsOf'] : [],
    text: lines(
      '',
      "describe('queues behind API routes', () => {",
      rowLines('queues', rows),
      '',
      "  test.each(queues)('$name: SQS-managed encryption, kept $retentionDays days, dead-lettered after $maxReceiveCount receives', ({ queue, retentionDays, maxReceiveCount }) => {",
      '    expect(resourceOf(queue.queue).Properties).toMatchObject({',
      '      SqsManagedSseEnabled: true,',
      '      MessageRetentionPeriod: retentionDays * 24 * 60 * 60,',
      "      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(queue.deadLetterQueue), 'Arn'] }, maxReceiveCount },",
      '    });',
      '    expect(resourceOf(queue.deadLetterQueue).Properties).toMatchObject({ SqsManagedSseEnabled: true });',
      '  });',
      '',
      "  test.each(queues)('$name: a message stays invisible $visibility', ({ queue, visibilityTimeout, consumerTimeout }) => {",
      '    const visibility = resourceOf(queue.queue).Properties.VisibilityTimeout;',
      '    expect(visibility).toBe(visibilityTimeout);',
      '    if (consumerTimeout !== undefined) {',
      '      // a message a throttled consumer still works on does not come back mid-batch',
      `      expect(visibility).toBeGreaterThanOrEqual(${VISIBILITY_PER_TIMEOUT} * consumerTimeout);`,
      '    }',
      '  });',
      '',
      "  test.each(queues)('$name: $route sends the body to the queue through an SQS integration, authorized $authorized', ({ queue, api, route, authorized }) => {",
      '    const methods = api.api.methods.filter((m) => `${m.httpMethod} ${m.resource.path}` === route);',
      '    expect(methods.map((m) => logicalId(m))).toEqual([logicalId(queue.method)]);',
      '    const node = queue.method;',
      '    const method = resourceOf(node).Properties;',
      '    expect(method.Integration).toMatchObject({',
      "      Type: 'AWS',",
      "      IntegrationHttpMethod: 'POST',",
      "      Credentials: { 'Fn::GetAtt': [logicalId(queue.role), 'Arn'] },",
      "      Uri: { 'Fn::Join': ['', expect.arrayContaining([':sqs:path/', { 'Fn::GetAtt': [logicalId(queue.queue), 'QueueName'] }])] },",
      '    });',
      EXPECT_AUTHORIZATION,
      '  });',
      '',
      "  test.each(queues)('$name: API Gateway sends with a role that may sqs:SendMessage to the queue, nothing else', ({ queue }) => {",
      '    const role = resourceOf(queue.role).Properties;',
      '    const attached = Object.values(templateOf(queue.role))',
      "      .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(JSON.stringify(logicalId(queue.role))));",
      '    expect(attached).toEqual([]);',
      '    const statements = role.Policies.flatMap((p: { PolicyDocument: { Statement: object[] } }) => p.PolicyDocument.Statement);',
      "    expect(statements).toEqual([{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': [logicalId(queue.queue), 'Arn'] } }]);",
      '    expect(role).toMatchObject({',
      "      AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Principal: { Service: 'apigateway.amazonaws.com' } }] },",
      '    });',
      '    expect(role.ManagedPolicyArns).toBeUndefined();',
      '  });',
      validated.length > 0 && lines(
        '',
        rowLines('validatedQueues', validated),
        '',
        "  test.each(validatedQueues)('$name: API Gateway validates the body against $schemaFile', ({ queue, api, schemaFile }) => {",
        '    const method = resourceOf(queue.method).Properties;',
        "    const model = templateOf(queue.method)[method.RequestModels['application/json'].Ref].Properties;",
        "    const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', schemaFile), 'utf8'));",
        "    expect(model).toMatchObject({ ContentType: 'application/json', Schema: schema });",
        '    expect(method.RequestValidatorId).toEqual(refTo(api.requestValidator, queue.method));',
        '    expect(resourceOf(api.requestValidator).Properties).toMatchObject({ ValidateRequestBody: true });',
        '  });',
      ),
      consumed.length > 0 && lines(
        '',
        rowLines('queueConsumers', consumed),
        '',
        "  test.each(queueConsumers)('$name: $consumerName reads it in batches of $batchSize, reporting the messages that failed', ({ queue, fn, batchSize, batchingWindow, maxConcurrency }) => {",
        '    const mappings = mappingsOf(fn);',
        '    expect(mappings).toHaveLength(1);',
        '    expect(mappings[0]).toMatchObject({',
        "      EventSourceArn: { 'Fn::GetAtt': [logicalId(queue.queue), 'Arn'] },",
        '      BatchSize: batchSize,',
        "      FunctionResponseTypes: ['ReportBatchItemFailures'],",
        '    });',
        '    expect(mappings[0].MaximumBatchingWindowInSeconds).toBe(batchingWindow);',
        '    expect(mappings[0].ScalingConfig?.MaximumConcurrency).toBe(maxConcurrency);',
        "    expect(actionsOn(fn, queue.queue)).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility']));",
        '  });',
      ),
      '});',
    ),
  };
}
