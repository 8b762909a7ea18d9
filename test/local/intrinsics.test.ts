import { IntrinsicContext, IntrinsicError, IntrinsicResolver, isIntrinsic, ResourceValues, resolveIntrinsics } from '../../src/local/intrinsics';

/** The resources of a small template: a table with a stream, a queue, a function with an alias, a bus, a Kinesis stream. */
const RESOURCES: Record<string, ResourceValues> = {
  Table: {
    type: 'AWS::DynamoDB::Table',
    ref: 'shop-Table',
    attributes: {
      Arn: 'arn:aws:dynamodb:us-east-1:000000000000:table/shop-Table',
      StreamArn: 'arn:aws:dynamodb:us-east-1:000000000000:table/shop-Table/stream/1970-01-01T00:00:00.000',
    },
  },
  Queue: {
    type: 'AWS::SQS::Queue',
    ref: 'http://127.0.0.1:9324/000000000000/shop-Queue',
    attributes: { Arn: 'arn:aws:sqs:us-east-1:000000000000:shop-Queue', QueueName: 'shop-Queue' },
  },
  Fn: { type: 'AWS::Lambda::Function', ref: 'shop-Fn', attributes: { Arn: 'arn:aws:lambda:us-east-1:000000000000:function:shop-Fn' } },
  FnAlias: { type: 'AWS::Lambda::Alias', ref: 'arn:aws:lambda:us-east-1:000000000000:function:shop-Fn:live', attributes: {} },
  Bus: { type: 'AWS::Events::EventBus', ref: 'shop-bus', attributes: { Arn: 'arn:aws:events:us-east-1:000000000000:event-bus/shop-bus', Name: 'shop-bus' } },
  Stream: { type: 'AWS::Kinesis::Stream', ref: 'shop-Stream', attributes: { Arn: 'arn:aws:kinesis:us-east-1:000000000000:stream/shop-Stream' } },
  Zones: { type: 'Custom::Zones', ref: 'zones', attributes: { List: ['a', 'b'] } },
  Custom: { type: 'Custom::Thing', ref: undefined, attributes: {} },
};

const CONTEXT: IntrinsicContext = {
  stackName: 'shop',
  resources: (logicalId) => RESOURCES[logicalId],
  parameters: {
    Stage: { Type: 'String', Default: 'dev' },
    Subnets: { Type: 'CommaDelimitedList', Default: 'a, b,c' },
    Version: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/cdk-bootstrap/version' },
    Required: { Type: 'String' },
  },
  conditions: {
    IsProd: { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] },
    IsDev: { 'Fn::Not': [{ Condition: 'IsProd' }] },
    InUsEast: { 'Fn::Equals': ['us-east-1', { Ref: 'AWS::Region' }] },
    DevInUsEast: { 'Fn::And': [{ Condition: 'IsDev' }, { Condition: 'InUsEast' }] },
    ProdOrUsEast: { 'Fn::Or': [{ Condition: 'IsProd' }, { Condition: 'InUsEast' }] },
    Loop: { 'Fn::Not': [{ Condition: 'Loop' }] },
    Weird: { 'Fn::GetAtt': ['Table', 'Arn'] },
  },
  mappings: { Sizes: { dev: { Memory: 256 }, prod: { Memory: 1024 } } },
};

function resolve(value: unknown): unknown {
  return resolveIntrinsics(value, CONTEXT, 'template.json: Resources.X.Properties.Y');
}

describe('pseudo parameters', () => {
  test.each([
    ['AWS::AccountId', '000000000000'],
    ['AWS::Region', 'us-east-1'],
    ['AWS::Partition', 'aws'],
    ['AWS::URLSuffix', 'amazonaws.com'],
    ['AWS::StackName', 'shop'],
    ['AWS::StackId', 'arn:aws:cloudformation:us-east-1:000000000000:stack/shop/00000000-0000-0000-0000-000000000000'],
    ['AWS::NotificationARNs', []],
  ])('Ref %s is %j', (name, expected) => {
    expect(resolve({ Ref: name })).toEqual(expected);
  });

  test('the account and region can be others', () => {
    const resolver = new IntrinsicResolver({ ...CONTEXT, account: '123456789012', region: 'eu-west-1' });
    expect(resolver.resolve({ 'Fn::Sub': '${AWS::AccountId}/${AWS::Region}' }, 'here')).toBe('123456789012/eu-west-1');
  });

  test('AWS::NoValue removes the property, or the element, it is in', () => {
    expect(resolve({ A: 1, B: { Ref: 'AWS::NoValue' }, C: [1, { Ref: 'AWS::NoValue' }, 3] })).toEqual({ A: 1, C: [1, 3] });
    expect(resolve({ Ref: 'AWS::NoValue' })).toBeUndefined();
  });
});

describe('Ref and Fn::GetAtt', () => {
  test.each([
    ['a table', { Ref: 'Table' }, 'shop-Table'],
    ['a queue (its URL)', { Ref: 'Queue' }, 'http://127.0.0.1:9324/000000000000/shop-Queue'],
    ['a function', { Ref: 'Fn' }, 'shop-Fn'],
    ['an alias (its ARN)', { Ref: 'FnAlias' }, 'arn:aws:lambda:us-east-1:000000000000:function:shop-Fn:live'],
    ['a bus', { Ref: 'Bus' }, 'shop-bus'],
    ['a parameter (its Default)', { Ref: 'Stage' }, 'dev'],
    ['a list parameter (split)', { Ref: 'Subnets' }, ['a', 'b', 'c']],
  ])('Ref to %s', (_what, value, expected) => {
    expect(resolve(value)).toEqual(expected);
  });

  test.each([
    ['array form', { 'Fn::GetAtt': ['Table', 'StreamArn'] }, RESOURCES.Table.attributes.StreamArn],
    ['dotted string form', { 'Fn::GetAtt': 'Queue.Arn' }, 'arn:aws:sqs:us-east-1:000000000000:shop-Queue'],
    ['attribute given by Ref', { 'Fn::GetAtt': ['Queue', { Ref: 'AWS::NoValue' }] }, undefined],
    ['a list attribute', { 'Fn::GetAtt': ['Zones', 'List'] }, ['a', 'b']],
    ['dotted attribute name', { 'Fn::GetAtt': 'Bus.Name' }, 'shop-bus'],
  ])('Fn::GetAtt, %s', (_what, value, expected) => {
    if (expected === undefined) {
      expect(() => resolve(value)).toThrow(/Fn::GetAtt needs a logical id and an attribute name/);
    } else {
      expect(resolve(value)).toEqual(expected);
    }
  });

  test('a given parameter value wins over the Default', () => {
    const resolver = new IntrinsicResolver({ ...CONTEXT, parameterValues: { Stage: 'prod', Version: '21' } });
    expect(resolver.resolve({ Ref: 'Stage' }, 'here')).toBe('prod');
    expect(resolver.resolve({ Ref: 'Version' }, 'here')).toBe('21');
    expect(resolver.resolve({ 'Fn::If': ['IsProd', 'big', 'small'] }, 'here')).toBe('big');
  });
});

describe('string and list functions', () => {
  test.each([
    ['Fn::Join', { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sqs:', { Ref: 'AWS::Region' }]] }, 'arn:aws:sqs:us-east-1'],
    ['Fn::Join of a list function', { 'Fn::Join': ['-', { 'Fn::Split': [',', 'a,b'] }] }, 'a-b'],
    ['Fn::Join of numbers', { 'Fn::Join': [':', [1, true, 'x']] }, '1:true:x'],
    ['Fn::Sub, pseudo parameters', { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::b-${AWS::AccountId}-${AWS::Region}' }, 'arn:aws:s3:::b-000000000000-us-east-1'],
    ['Fn::Sub, a resource and an attribute', { 'Fn::Sub': '${Table}|${Queue.Arn}' }, 'shop-Table|arn:aws:sqs:us-east-1:000000000000:shop-Queue'],
    ['Fn::Sub, a parameter', { 'Fn::Sub': 'stage-${Stage}' }, 'stage-dev'],
    ['Fn::Sub, variables', { 'Fn::Sub': ['${Name}@${AWS::Region}', { Name: { Ref: 'Fn' } }] }, 'shop-Fn@us-east-1'],
    ['Fn::Sub, a variable over a resource', { 'Fn::Sub': ['${Table}', { Table: 'mine' }] }, 'mine'],
    ['Fn::Sub, literal ${!...}', { 'Fn::Sub': '${!Literal} and ${ AWS::StackName }' }, '${Literal} and shop'],
    ['Fn::Select', { 'Fn::Select': [1, ['a', 'b', 'c']] }, 'b'],
    ['Fn::Select, index as a string', { 'Fn::Select': ['2', ['a', 'b', 'c']] }, 'c'],
    ['Fn::Select of Fn::Split of an ARN', { 'Fn::Select': [6, { 'Fn::Split': [':', { Ref: 'FnAlias' }] }] }, 'shop-Fn'],
    ['Fn::Split', { 'Fn::Split': ['/', { 'Fn::GetAtt': ['Stream', 'Arn'] }] }, ['arn:aws:kinesis:us-east-1:000000000000:stream', 'shop-Stream']],
    ['Fn::FindInMap', { 'Fn::FindInMap': ['Sizes', { Ref: 'Stage' }, 'Memory'] }, 256],
    ['Fn::FindInMap with a default', { 'Fn::FindInMap': ['Sizes', 'test', 'Memory', { DefaultValue: 128 }] }, 128],
    ['Fn::Base64', { 'Fn::Base64': { 'Fn::Sub': '${AWS::StackName}' } }, Buffer.from('shop').toString('base64')],
    ['Fn::GetAZs', { 'Fn::GetAZs': '' }, ['us-east-1a', 'us-east-1b', 'us-east-1c']],
    ['Fn::ToJsonString', { 'Fn::ToJsonString': { table: { Ref: 'Table' } } }, '{"table":"shop-Table"}'],
    ['Fn::Length', { 'Fn::Length': { 'Fn::Split': [',', 'a,b,c'] } }, 3],
  ])('%s', (_what, value, expected) => {
    expect(resolve(value)).toEqual(expected);
  });

  test('values nested in objects and arrays are resolved, the rest kept', () => {
    expect(resolve({ Variables: { TABLE: { Ref: 'Table' }, N: 3, LIST: [{ 'Fn::GetAtt': ['Bus', 'Name'] }, null] } }))
      .toEqual({ Variables: { TABLE: 'shop-Table', N: 3, LIST: ['shop-bus', null] } });
  });

  test('an IAM Condition block is data, not a condition', () => {
    expect(resolve({ Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } }))
      .toEqual({ Condition: { StringEquals: { 'aws:SourceAccount': '000000000000' } } });
  });
});

describe('conditions', () => {
  test.each([
    ['IsProd', 'no'],
    ['IsDev', 'yes'],
    ['InUsEast', 'yes'],
    ['DevInUsEast', 'yes'],
    ['ProdOrUsEast', 'yes'],
  ])('Fn::If on %s', (condition, expected) => {
    expect(resolve({ 'Fn::If': [condition, 'yes', 'no'] })).toBe(expected);
  });

  test('Fn::If with AWS::NoValue removes the property', () => {
    expect(resolve({ Memory: { 'Fn::If': ['IsProd', 1024, { Ref: 'AWS::NoValue' }] } })).toEqual({});
  });

  test('a condition function used as a value gives a boolean', () => {
    expect(resolve({ 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] })).toBe(true);
  });

  test('the resolver evaluates a named condition', () => {
    expect(new IntrinsicResolver(CONTEXT).condition('IsDev', 'Resources.X.Condition')).toBe(true);
  });
});

describe('what cannot be resolved is an IntrinsicError that says where', () => {
  test.each([
    ['a Ref to nothing', { Ref: 'Missing' }, "Ref to 'Missing', which is not a resource or parameter of the template."],
    ['an unknown pseudo parameter', { Ref: 'AWS::Nope' }, "Ref to 'AWS::Nope', which is not a pseudo parameter."],
    ['a Ref without a local value', { Ref: 'Custom' }, "Ref to 'Custom' (Custom::Thing), whose Ref has no local value."],
    ['a parameter without Default', { Ref: 'Required' }, "Ref to parameter 'Required', which has no Default: give it a value."],
    ['an SSM parameter', { Ref: 'Version' }, 'whose value CloudFormation reads from SSM'],
    ['a GetAtt of nothing', { 'Fn::GetAtt': ['Missing', 'Arn'] }, "Fn::GetAtt Missing.Arn: 'Missing' is not a resource of the template."],
    ['an unknown attribute', { 'Fn::GetAtt': ['Queue', 'Nope'] }, "AWS::SQS::Queue 'Queue' has no attribute 'Nope' locally (it has Arn, QueueName)."],
    ['a malformed GetAtt', { 'Fn::GetAtt': 'Queue' }, "Fn::GetAtt 'Queue' must be 'LogicalId.Attribute'."],
    ['Fn::Sub of an unknown name', { 'Fn::Sub': 'x-${Nope}' }, "Fn::Sub ${Nope}: reference to 'Nope', which is not a resource or parameter of the template."],
    ['Fn::Sub of an unknown attribute', { 'Fn::Sub': '${Table.Nope}' }, "Fn::Sub ${Table.Nope}: Table.Nope: AWS::DynamoDB::Table 'Table' has no attribute 'Nope'"],
    ['Fn::Select out of range', { 'Fn::Select': [3, ['a']] }, 'Fn::Select index 3 is not an index of ["a"].'],
    ['Fn::Join of an object', { 'Fn::Join': ['', [{ a: 1 }]] }, 'Fn::Join needs a string, got {"a":1}.'],
    ['Fn::Join of a non-list', { 'Fn::Join': ['', 'abc'] }, 'Fn::Join needs a list, got "abc".'],
    ['Fn::Split of a non-string', { 'Fn::Split': [',', ['a']] }, 'Fn::Split needs a delimiter and a string'],
    ['Fn::ImportValue', { 'Fn::ImportValue': 'other-stack-output' }, 'Fn::ImportValue imports an output of another stack, which local mode does not run.'],
    ['Fn::Cidr', { 'Fn::Cidr': ['10.0.0.0/16', 4, 8] }, 'Fn::Cidr computes address blocks'],
    ['an unknown function', { 'Fn::Nope': 1 }, 'Fn::Nope is not a function local mode knows'],
    ['Fn::If on an unknown condition', { 'Fn::If': ['Nope', 1, 2] }, "condition 'Nope' is not in the template's Conditions (IsProd, IsDev,"],
    ['a condition that depends on itself', { 'Fn::If': ['Loop', 1, 2] }, "condition 'Loop' depends on itself: Loop -> Loop."],
    ['a condition that is not one', { 'Fn::If': ['Weird', 1, 2] }, 'a condition must be Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition'],
    ['Fn::FindInMap of nothing', { 'Fn::FindInMap': ['Sizes', 'test', 'Memory'] }, "Fn::FindInMap: the template's Mappings have no Sizes.test.Memory."],
    ['Fn::Sub of a non-string', { 'Fn::Sub': ['${A}', { A: ['x'] }] }, 'Fn::Sub ${A} needs a string, got ["x"].'],
  ])('%s', (_what, value, message) => {
    let error: unknown;
    try {
      resolve(value);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(IntrinsicError);
    expect((error as IntrinsicError).message).toContain('template.json: Resources.X.Properties.Y');
    expect((error as IntrinsicError).message).toContain(message);
  });

  test('inside objects and arrays, the error names the nested property', () => {
    expect(() => resolve({ Environment: { Variables: { TABLE: { Ref: 'Nope' } } }, List: [] }))
      .toThrow("template.json: Resources.X.Properties.Y.Environment.Variables.TABLE: Ref to 'Nope'");
    expect(() => resolve({ List: ['a', { Ref: 'Nope' }] })).toThrow('Resources.X.Properties.Y.List[1]: Ref');
  });

  test('resolveString refuses what is not a string', () => {
    const resolver = new IntrinsicResolver(CONTEXT);
    expect(resolver.resolveString({ 'Fn::FindInMap': ['Sizes', 'dev', 'Memory'] }, 'here')).toBe('256');
    expect(() => resolver.resolveString({ 'Fn::GetAZs': '' }, 'here')).toThrow('here: expected a string, got ["us-east-1a","us-east-1b","us-east-1c"].');
  });
});

test.each([
  [{ Ref: 'X' }, true],
  [{ 'Fn::Join': ['', []] }, true],
  [{ Ref: 'X', Other: 1 }, false],
  [{ Condition: 'X' }, false],
  [['Ref'], false],
  ['Ref', false],
  [null, false],
])('isIntrinsic(%j) is %s', (value, expected) => {
  expect(isIntrinsic(value)).toBe(expected);
});
