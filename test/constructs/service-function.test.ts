import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { fakeBundle } from './helpers';
import { FunctionPreset, FunctionPresets, ServiceFunction } from '../../src';

const assetPath = fakeBundle();

function stack(): Stack {
  return new Stack(new App({ builtinCloudFormationValidation: false }), 'Test');
}

describe('ServiceFunction', () => {
  test('defaults: SIMPLE preset, arm64, the newest Node.js of aws-cdk-lib, active tracing, JSON logs kept a month', () => {
    // GIVEN
    const scope = stack();

    // WHEN
    new ServiceFunction(scope, 'Fn', { assetPath });

    // THEN
    const template = Template.fromStack(scope);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      Runtime: 'nodejs26.x',
      Architectures: ['arm64'],
      MemorySize: 256,
      Timeout: 10,
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: Match.stringLikeRegexp('^FnLogs') } },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    template.resourceCountIs('Custom::LogRetention', 0);
  });

  test('its grants, X-Ray\'s included, are in its role: one resource, no AWS::IAM::Policy', () => {
    const scope = stack();
    new ServiceFunction(scope, 'Fn', { assetPath });
    const template = Template.fromStack(scope);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.hasResourceProperties('AWS::IAM::Role', {
      Policies: [{
        PolicyName: 'Permissions',
        PolicyDocument: { Statement: Match.arrayWith([{ Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Effect: 'Allow', Resource: '*' }]) },
      }],
    });
    // Lambda refuses active tracing for a role that may not yet write traces: the function waits for its role
    template.hasResource('AWS::Lambda::Function', { DependsOn: [Match.stringLikeRegexp('^FnRole')] });
  });

  test('X-Ray\'s `*` is acknowledged on the role; a `*` granted for anything else goes to a policy of its own, where cdk-nag reports it', () => {
    // GIVEN
    const scope = stack();
    const fn = new ServiceFunction(scope, 'Fn', { assetPath });

    // WHEN
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }));

    // THEN
    const findings = (pack: AwsSolutionsChecks | ServerlessChecks, rule: string) => pack.validateScope(scope).violations
      .filter((violation) => violation.ruleName === rule)
      .flatMap((violation) => violation.violatingResources.map((resource) => resource.constructPath));
    expect(findings(new AwsSolutionsChecks(), 'AwsSolutions-IAM5[Resource::*]')).toEqual(['Test/FnRoleWildcards/Resource']);
    expect(findings(new ServerlessChecks(), 'Serverless-LambdaStarPermissions')).toEqual([]);
    Template.fromStack(scope).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{ Action: 's3:GetObject', Effect: 'Allow', Resource: '*' }] },
      Roles: [{ Ref: Match.stringLikeRegexp('^FnRole') }],
    });
  });

  test('a role brought in keeps X-Ray\'s grant in a policy of its own, acknowledged there only', () => {
    const scope = stack();
    const role = new iam.Role(scope, 'Brought', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const fn = new ServiceFunction(scope, 'Fn', { assetPath, role });
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }));
    const template = Template.fromStack(scope);
    template.hasResource('AWS::Lambda::Function', { DependsOn: Match.arrayWith([Match.stringLikeRegexp('^FnTracingPolicy')]) });
    const findings = new AwsSolutionsChecks().validateScope(scope).violations
      .filter((violation) => violation.ruleName === 'AwsSolutions-IAM5[Resource::*]')
      .flatMap((violation) => violation.violatingResources.map((resource) => resource.constructPath));
    expect(findings).toEqual(['Test/Brought/DefaultPolicy/Resource']);
  });

  test('no X-Ray grant without tracing', () => {
    const scope = stack();
    new ServiceFunction(scope, 'Fn', { assetPath, tracing: lambda.Tracing.DISABLED });
    const template = Template.fromStack(scope);
    expect(JSON.stringify(template.toJSON())).not.toContain('xray:');
    template.hasResourceProperties('AWS::Lambda::Function', { TracingConfig: Match.absent() });
  });

  test('its own role writes to its own log group only: no AWS managed policy', () => {
    const scope = stack();
    new ServiceFunction(scope, 'Fn', { assetPath });
    const template = Template.fromStack(scope);
    template.hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: Match.absent(),
      Policies: [{
        PolicyName: 'Permissions',
        PolicyDocument: {
          Statement: Match.arrayWith([{
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FnLogs'), 'Arn'] },
          }]),
        },
      }],
    });
  });

  test.each([
    [FunctionPreset.CPU_BOUND, 1769, 30],
    [FunctionPreset.IO_BOUND, 512, 60],
    [FunctionPreset.SIMPLE, 256, 10],
    [FunctionPreset.LATENCY_SENSITIVE, 1769, 10],
  ])('preset %s gives %d MB and %d s', (preset, memory, timeout) => {
    const scope = stack();
    new ServiceFunction(scope, 'Fn', { assetPath, preset });
    Template.fromStack(scope).hasResourceProperties('AWS::Lambda::Function', { MemorySize: memory, Timeout: timeout });
    expect(FunctionPresets.settingsOf(preset)).toMatchObject({ memorySize: memory, timeoutSeconds: timeout });
  });

  test('memory, timeout, reserved concurrency and retention set by the user win over the preset', () => {
    const scope = stack();
    new ServiceFunction(scope, 'Fn', {
      assetPath,
      preset: FunctionPreset.CPU_BOUND,
      memorySize: 1024,
      timeout: Duration.seconds(5),
      reservedConcurrentExecutions: 3,
      logGroupRetention: logs.RetentionDays.ONE_WEEK,
      architecture: lambda.Architecture.X86_64,
    });
    const template = Template.fromStack(scope);
    template.hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: 1024, Timeout: 5, ReservedConcurrentExecutions: 3, Architectures: ['x86_64'],
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
  });

  test('LATENCY_SENSITIVE: 1769 MB behind a live alias with provisioned concurrency scaling 2 to 10 at 0.7', () => {
    const scope = stack();
    const fn = new ServiceFunction(scope, 'Fn', { assetPath, preset: FunctionPreset.LATENCY_SENSITIVE });
    const template = Template.fromStack(scope);
    template.hasResourceProperties('AWS::Lambda::Function', { MemorySize: 1769, Timeout: 10 });
    template.hasResourceProperties('AWS::Lambda::Alias', { Name: 'live', ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 2 } });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: 2, MaxCapacity: 10, ScalableDimension: 'lambda:function:ProvisionedConcurrency',
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 0.7,
        PredefinedMetricSpecification: { PredefinedMetricType: 'LambdaProvisionedConcurrencyUtilization' },
      },
    });
    expect(fn.invocable).toBe(fn.liveAlias);
  });

  test('provisioned concurrency set by the user wins over the preset, and works without it', () => {
    const scope = stack();
    new ServiceFunction(scope, 'Tuned', { assetPath, preset: FunctionPreset.LATENCY_SENSITIVE, provisionedConcurrency: { minCapacity: 5, maxCapacity: 50 } });
    new ServiceFunction(scope, 'Simple', { assetPath, provisionedConcurrency: { utilizationTarget: 0.5 } });
    const template = Template.fromStack(scope);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 5, MaxCapacity: 50 });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 2, MaxCapacity: 10 });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', { TargetTrackingScalingPolicyConfiguration: Match.objectLike({ TargetValue: 0.5 }) });
  });

  test('provisionedConcurrencyEnabled: false leaves out the preset\'s and the user\'s provisioned concurrency, alias and scaling', () => {
    const scope = stack();
    const fn = new ServiceFunction(scope, 'Fn', {
      assetPath, preset: FunctionPreset.LATENCY_SENSITIVE, provisionedConcurrency: { minCapacity: 5 }, provisionedConcurrencyEnabled: false,
    });
    const template = Template.fromStack(scope);
    template.resourceCountIs('AWS::Lambda::Alias', 0);
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
    template.hasResourceProperties('AWS::Lambda::Function', { MemorySize: 1769 });
    expect(fn.invocable).toBe(fn);
  });

  test('a function without provisioned concurrency has no alias and is invoked directly', () => {
    const scope = stack();
    const fn = new ServiceFunction(scope, 'Fn', { assetPath });
    Template.fromStack(scope).resourceCountIs('AWS::Lambda::Alias', 0);
    expect(fn.invocable).toBe(fn);
  });

  test.each([
    [{ provisionedConcurrency: { minCapacity: 0 } }, '`provisionedConcurrency` needs whole numbers with 1 <= minCapacity <= maxCapacity; got 0 to 10.'],
    [{ provisionedConcurrency: { minCapacity: 5, maxCapacity: 3 } }, '`provisionedConcurrency` needs whole numbers with 1 <= minCapacity <= maxCapacity; got 5 to 3.'],
    [{ provisionedConcurrency: { utilizationTarget: 0.95 } }, '`provisionedConcurrency.utilizationTarget` must be 0.1-0.9; got 0.95.'],
  ])('rejects %p, naming the prop', (props, message) => {
    expect(() => new ServiceFunction(stack(), 'Fn', { assetPath, ...props })).toThrow(`Test/Fn: ${message}`);
  });

  test.each([
    [{ memorySize: 64 }, '`memorySize` must be 128-10240 MB; got 64.'],
    [{ timeout: Duration.minutes(16) }, '`timeout` must be 1-900 s; got 960.'],
    [{ logRetention: logs.RetentionDays.ONE_WEEK }, '`logRetention` adds a custom resource; use `logGroupRetention`.'],
  ])('rejects %p, naming the construct', (props, message) => {
    expect(() => new ServiceFunction(stack(), 'Fn', { assetPath, ...props })).toThrow(`Test/Fn: ${message}`);
  });
});
