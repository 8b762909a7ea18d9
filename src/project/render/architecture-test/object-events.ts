/** What objects start: the functions S3 invokes, and the workflows started through EventBridge's default bus. */
import { functionRef, row, rowLines, Section, serviceOf, serviceRef } from './helpers';
import { EVENT_DELIVERY } from '../../../constructs/event-delivery';
import { AppModel, FunctionModel } from '../../model';
import { ObjectEvent } from '../../options';
import { describeKeys } from '../describe';
import { objectCreatedPattern } from '../event-patterns';
import { lines, literal, str } from '../typescript';

/** The S3 event types an object event is delivered as: a notification of the whole family. */
const S3_EVENT_TYPES: Record<ObjectEvent, string> = {
  [ObjectEvent.CREATED]: 's3:ObjectCreated:*',
  [ObjectEvent.REMOVED]: 's3:ObjectRemoved:*',
};

/** The functions S3 invokes: those with `objectEvents`, and the data lakes' transforms. */
export function objectRouteSection(app: AppModel): Section | undefined {
  const routeRow = (fn: FunctionModel, bucketName: string, bucketRef: string, route: { prefix: string; suffix: string; events: ObjectEvent[] }) => {
    const filterRules = [
      ...(route.prefix ? [{ Name: 'prefix', Value: route.prefix }] : []),
      ...(route.suffix ? [{ Name: 'suffix', Value: route.suffix }] : []),
    ];
    const on = `objects ${route.events.map((event) => event.toLowerCase()).join(' or ')} in ${bucketName}${describeKeys(route)}`;
    return row({
      name: str(`${fn.service}/${fn.name}`),
      fn: functionRef(fn, app),
      bucket: bucketRef,
      on: str(on),
      events: literal([...new Set(route.events.map((event) => S3_EVENT_TYPES[event]))].sort()),
      prefix: str(route.prefix),
      filterRules: literal(filterRules),
    });
  };
  const rows = app.functions.flatMap((fn) => {
    const service = serviceOf(fn, app);
    if (fn.objectEvents) {
      const bucket = service.buckets.find((b) => b.name === fn.objectEvents!.bucket)!;
      return [routeRow(fn, bucket.name, `${serviceRef(service)}.${bucket.propertyName}.bucket`, fn.objectEvents)];
    }
    const lake = service.dataLake;
    if (fn.dataLakeTransform && lake) {
      return [routeRow(fn, 'the data lake raw bucket', `${serviceRef(service)}.dataLake.rawBucket.bucket`,
        { prefix: lake.rawPrefix, suffix: lake.rawSuffix, events: [ObjectEvent.CREATED] })];
    }
    return [];
  });
  if (rows.length === 0) {
    return undefined;
  }
  return {
    helpers: ['Statement', 'resourcesOf', 'objectsArn', 'notificationsOf'],
    text: lines(
      '',
      "describe('functions invoked by S3 object events', () => {",
      '  interface LambdaConfiguration {',
      '    readonly Events: string[];',
      '    readonly Filter?: { Key: { FilterRules: Array<{ Name: string; Value: string }> } };',
      '    readonly LambdaFunctionArn: unknown;',
      '  }',
      '',
      rowLines('objectRoutes', rows),
      '',
      "  test.each(objectRoutes)('$name: S3 notifies it of $on', ({ fn, bucket, events, filterRules }) => {",
      '    const id = JSON.stringify(logicalId(fn.invocable));',
      '    const configurations = (notificationsOf(bucket).LambdaFunctionConfigurations as LambdaConfiguration[])',
      '      .filter((c) => JSON.stringify(c.LambdaFunctionArn).includes(id));',
      '    // one configuration per event type, each with the key filter',
      '    expect(configurations.flatMap((c) => c.Events).sort()).toEqual(events);',
      '    for (const configuration of configurations) {',
      '      const rules = configuration.Filter?.Key.FilterRules ?? [];',
      '      expect(rules).toHaveLength(filterRules.length);',
      '      expect(rules).toEqual(expect.arrayContaining(filterRules));',
      '    }',
      '  });',
      '',
      "  test.each(objectRoutes)('$name: S3 may invoke it for the events of the bucket only', ({ fn, bucket }) => {",
      '    const id = JSON.stringify(logicalId(fn.invocable));',
      "    const permissions = resources.filter((r) => r.Type === 'AWS::Lambda::Permission'",
      "      && r.Properties.Principal === 's3.amazonaws.com' && JSON.stringify(r.Properties.FunctionName).includes(id));",
      '    expect(permissions.map((p) => p.Properties)).toEqual([expect.objectContaining({',
      "      Action: 'lambda:InvokeFunction',",
      "      SourceArn: { 'Fn::GetAtt': [logicalId(bucket), 'Arn'] },",
      "      SourceAccount: { Ref: 'AWS::AccountId' },",
      '    })]);',
      '  });',
      '',
      "  test.each(objectRoutes)('$name: S3 invokes it asynchronously: what fails lands in its dead-letter queue', ({ fn }) => {",
      '    expect(fn.deadLetterQueue).toBeDefined();',
      '    expect(resourceOf(fn).Properties.DeadLetterConfig).toEqual({',
      "      TargetArn: { 'Fn::GetAtt': [logicalId(fn.deadLetterQueue!), 'Arn'] },",
      '    });',
      '  });',
      '',
      "  test.each(objectRoutes)('$name: may read the objects under \\'$prefix\\' of the bucket, no others', ({ fn, bucket, prefix }) => {",
      "    expect(resourcesOf(fn, 's3:GetObject')).toEqual([objectsArn(bucket, prefix)]);",
      '  });',
      '});',
    ),
  };
}

export function workflowRouteSection(app: AppModel): Section | undefined {
  const routes = app.services.flatMap((service) => service.workflows
    .filter((workflow) => workflow.trigger?.objectCreated)
    .map((workflow) => ({ service, workflow, created: workflow.trigger!.objectCreated! })));
  if (routes.length === 0) {
    return undefined;
  }
  const rows = routes.map(({ service, workflow, created }) => {
    const bucket = service.buckets.find((b) => b.name === created.bucket)!;
    const on = `objects created in ${bucket.name}${describeKeys({ prefix: created.prefix ?? '', suffix: created.suffix ?? '' })}`
      + `${created.minSizeBytes !== undefined ? `, ${created.minSizeBytes} bytes or more` : ''}`;
    return row({
      name: str(`${service.name}/${workflow.name}`),
      workflow: `${serviceRef(service)}.${workflow.propertyName}`,
      bucket: `${serviceRef(service)}.${bucket.propertyName}`,
      on: str(on),
      pattern: literal(objectCreatedPattern(created, 'BUCKET_NAME'))
        .replace("'BUCKET_NAME'", '{ Ref: logicalId(' + `${serviceRef(service)}.${bucket.propertyName}` + '.bucket) }'),
    });
  });
  return {
    helpers: ['notificationsOf'],
    text: lines(
      '',
      "describe('workflows started by objects', () => {",
      rowLines('workflowRoutes', rows),
      '',
      "  test.each(workflowRoutes)('$name: started by $on, through a rule on the default bus', ({ workflow, bucket, pattern }) => {",
      '    const stateMachine = { Ref: logicalId(workflow.stateMachine) };',
      "    const rules = resources.filter((r) => r.Type === 'AWS::Events::Rule'",
      '      && r.Properties.Targets.some((t: { Arn: unknown }) => JSON.stringify(t.Arn) === JSON.stringify(stateMachine)));',
      '    expect(rules).toHaveLength(1);',
      '    const rule = rules[0].Properties;',
      '    // S3 sends its events to the default bus',
      '    expect(rule.EventBusName).toBeUndefined();',
      '    expect(rule.EventPattern).toEqual(pattern);',
      '    expect(rule.Targets).toHaveLength(1);',
      '    expect(rule.Targets[0]).toMatchObject({',
      `      RetryPolicy: { MaximumRetryAttempts: ${EVENT_DELIVERY.defaultRetryAttempts}, MaximumEventAgeInSeconds: ${EVENT_DELIVERY.defaultEventAgeSeconds} },`,
      '      // what EventBridge could not start lands in the bucket\'s dead-letter queue of its workflow routes',
      "      DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalId(bucket.workflowDeadLetterQueue!), 'Arn'] } },",
      '    });',
      "    const role = rule.Targets[0].RoleArn['Fn::GetAtt'][0];",
      '    const statements = resources',
      "      .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(JSON.stringify(role)))",
      '      .flatMap((r) => r.Properties.PolicyDocument.Statement);',
      "    expect(statements).toContainEqual(expect.objectContaining({ Action: 'states:StartExecution', Resource: stateMachine }));",
      '  });',
      '',
      "  test.each(workflowRoutes)('$name: the bucket sends its events to EventBridge', ({ bucket }) => {",
      '    expect(notificationsOf(bucket.bucket).EventBridgeConfiguration).toEqual({});',
      '  });',
      '});',
    ),
  };
}
