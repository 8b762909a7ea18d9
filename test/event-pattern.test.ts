import { matchesEventPattern, eventPatternProblems } from '../src/event-pattern';

/*
 * The patterns and events below come from the EventBridge user guide: "Event patterns" (EC2, Auto
 * Scaling and Macie examples), "Arrays in event patterns", "Matching null values and empty strings",
 * "Content filtering in event patterns" and the "Comparison operators" table, with the event values
 * varied to show both sides of each operator. A few fill gaps the guide leaves: arrays of objects and
 * nested $or (from the README of aws/event-ruler, the matching library behind EventBridge) and
 * "*Title*" (from the AWS Compute Blog post announcing wildcard filters).
 */

/** The EC2 state-change event of "Event patterns". */
const EC2_EVENT = {
  'version': '0',
  'id': '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  'source': 'aws.ec2',
  'account': '111122223333',
  'time': '2017-12-22T18:43:48Z',
  'region': 'us-west-1',
  'resources': ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  'detail': { 'instance-id': 'i-1234567890abcdef0', 'state': 'terminated' },
};

/** The Auto Scaling event of "Matching null values and empty strings". */
const AUTOSCALING_EVENT = {
  'version': '0',
  'id': '3e3c153a-8339-4e30-8c35-687ebef853fe',
  'detail-type': 'EC2 Instance Launch Successful',
  'source': 'aws.autoscaling',
  'account': '123456789012',
  'time': '2015-11-11T21:31:47Z',
  'region': 'us-east-1',
  'resources': [],
  'detail': { eventVersion: '', responseElements: null },
};

/** The (truncated) Macie alert of "Event patterns". */
const MACIE_EVENT = {
  'detail-type': 'Macie Alert',
  'source': 'aws.macie',
  'resources': [
    'arn:aws:macie:us-east-1:123456789012:trigger/trigger_id/alert/alert_id',
    'arn:aws:macie:us-east-1:123456789012:trigger/trigger_id',
  ],
  'detail': {
    'notification-type': 'ALERT_CREATED',
    'tags': ['Custom_Alert', 'Insider'],
    'risk-score': 80,
    'trigger': { 'alert-type': 'basic', 'risk': 8 },
  },
};

/** An event of the content-filtering examples, with `detail` replaced. */
function eventWith(detail: object): object {
  return {
    'detail-type': 'EC2 Instance State-change Notification',
    'source': 'aws.ec2',
    'time': '2017-10-02T16:24:49Z',
    'resources': ['arn:aws:ec2:us-east-1:123456789012:instance/i-02ebd4584a2ebd341'],
    'detail': detail,
  };
}

/** The "Content filtering" sample event: every operator example of that page is about one of its fields. */
const FILTERING_EVENT = eventWith({ 'c-count': 5, 'd-count': 3, 'x-limit': 301.8, 'source-ip': '10.0.0.33', 'state': 'running' });

/** The EC2 termination pattern of "Event patterns". */
const EC2_TERMINATED = { 'source': ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'], 'detail': { state: ['terminated'] } };

/** The `numeric` example of "Content filtering". */
const NUMERIC_EXAMPLE = {
  detail: {
    'c-count': [{ numeric: ['>', 0, '<=', 5] }],
    'd-count': [{ numeric: ['<', 10] }],
    'x-limit': [{ numeric: ['=', 3.018e2] }],
  },
};

/** The `$or` example of "Content filtering". */
const OR_EXAMPLE = {
  detail: {
    $or: [
      { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] },
      { 'd-count': [{ numeric: ['<', 10] }] },
      { 'x-limit': [{ numeric: ['=', 3.018e2] }] },
    ],
  },
};

/** The arrays example of "Arrays in event patterns". */
const RESOURCES_PATTERN = {
  resources: [
    'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
    'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f',
    'arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f',
  ],
};

interface Case {
  readonly name: string;
  readonly pattern: { [key: string]: unknown };
  readonly event: unknown;
  readonly expected: boolean;
}

const CASES: Case[] = [
  // Event patterns: fields ANDed, values ORed, same nesting, exact JSON values
  { name: 'the EC2 termination pattern matches the EC2 termination event', pattern: EC2_TERMINATED, event: EC2_EVENT, expected: true },
  {
    name: 'the EC2 termination pattern does not match a running instance',
    pattern: EC2_TERMINATED,
    event: { ...EC2_EVENT, detail: { ...EC2_EVENT.detail, state: 'running' } },
    expected: false,
  },
  { name: 'values of a field are ORed: aws.ec2 or aws.fargate', pattern: { source: ['aws.ec2', 'aws.fargate'] }, event: EC2_EVENT, expected: true },
  { name: 'no value of the field matches', pattern: { source: ['aws.fargate', 'aws.lambda'] }, event: EC2_EVENT, expected: false },
  { name: 'every field must match (AND)', pattern: { 'source': ['aws.ec2'], 'detail-type': ['Other'] }, event: EC2_EVENT, expected: false },
  { name: 'a field missing from the event does not match', pattern: { detail: { 'c-count': [5] } }, event: EC2_EVENT, expected: false },
  { name: 'fields must sit at the same nesting level', pattern: { state: ['terminated'] }, event: EC2_EVENT, expected: false },
  { name: 'strings match without case folding', pattern: { source: ['AWS.EC2'] }, event: EC2_EVENT, expected: false },
  { name: 'a null value matches [null]', pattern: { detail: { responseElements: [null] } }, event: AUTOSCALING_EVENT, expected: true },
  { name: 'an empty string matches [""]', pattern: { detail: { eventVersion: [''] } }, event: AUTOSCALING_EVENT, expected: true },
  {
    name: 'null and the empty string are not interchangeable (null)',
    pattern: { detail: { responseElements: [''] } },
    event: AUTOSCALING_EVENT,
    expected: false,
  },
  {
    name: 'null and the empty string are not interchangeable ("")',
    pattern: { detail: { eventVersion: [null] } },
    event: AUTOSCALING_EVENT,
    expected: false,
  },
  {
    name: 'numbers in nested objects: risk score 80 and trigger risk 8',
    pattern: { 'source': ['aws.macie'], 'detail-type': ['Macie Alert'], 'detail': { 'risk-score': [80], 'trigger': { risk: [8] } } },
    event: MACIE_EVENT,
    expected: true,
  },
  {
    name: 'a nested number that differs',
    pattern: { detail: { 'risk-score': [80], 'trigger': { risk: [9] } } },
    event: MACIE_EVENT,
    expected: false,
  },
  { name: 'the string "80" is not the number 80', pattern: { detail: { 'risk-score': ['80'] } }, event: MACIE_EVENT, expected: false },
  {
    name: 'numbers compare by value: 300 matches 300.0',
    pattern: { detail: { 'x-limit': [300] } },
    event: JSON.parse('{ "detail": { "x-limit": 300.0 } }'),
    expected: true,
  },
  {
    name: 'numbers compare by value: 3.0e2 matches 300',
    pattern: JSON.parse('{ "detail": { "x-limit": [3.0e2] } }'),
    event: { detail: { 'x-limit': 300 } },
    expected: true,
  },
  { name: 'true matches true', pattern: { detail: { enabled: [true] } }, event: { detail: { enabled: true } }, expected: true },
  {
    name: 'true does not match the string "true"',
    pattern: { detail: { enabled: [true] } },
    event: { detail: { enabled: 'true' } },
    expected: false,
  },

  // Arrays in event patterns
  {
    name: 'an event array matches when it intersects the pattern array',
    pattern: RESOURCES_PATTERN,
    event: {
      resources: [
        'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate',
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
      ],
    },
    expected: true,
  },
  { name: 'an event array with no common element', pattern: RESOURCES_PATTERN, event: EC2_EVENT, expected: false },
  { name: 'an empty event array matches no value', pattern: { resources: ['arn:aws:s3:::bucket'] }, event: AUTOSCALING_EVENT, expected: false },
  { name: 'one element of an event array matches', pattern: { detail: { tags: ['Insider'] } }, event: MACIE_EVENT, expected: true },
  {
    name: 'a nested pattern matches an object inside an event array',
    pattern: { detail: { employees: { firstName: ['Anna'] } } },
    event: { detail: { employees: [{ firstName: 'John', lastName: 'Doe' }, { firstName: 'Anna', lastName: 'Smith' }] } },
    expected: true,
  },
  {
    name: 'the fields of a nested pattern must hold on the same array element',
    pattern: { detail: { employees: { firstName: ['Anna'], lastName: ['Doe'] } } },
    event: { detail: { employees: [{ firstName: 'John', lastName: 'Doe' }, { firstName: 'Anna', lastName: 'Smith' }] } },
    expected: false,
  },

  // Prefix, suffix, equals-ignore-case, wildcard
  {
    name: 'prefix "2017-10-02" matches the time 2017-10-02T16:24:49Z',
    pattern: { time: [{ prefix: '2017-10-02' }] },
    event: FILTERING_EVENT,
    expected: true,
  },
  { name: 'prefix "2017-10-03" does not', pattern: { time: [{ prefix: '2017-10-03' }] }, event: FILTERING_EVENT, expected: false },
  { name: 'prefix only works on strings', pattern: { detail: { 'c-count': [{ prefix: '5' }] } }, event: FILTERING_EVENT, expected: false },
  {
    name: 'prefix with equals-ignore-case "EventB" matches "EVENTBRIDGE"',
    pattern: { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } },
    event: eventWith({ service: 'EVENTBRIDGE' }),
    expected: true,
  },
  { name: 'suffix ".png" matches "photo.png"', pattern: { FileName: [{ suffix: '.png' }] }, event: { FileName: 'photo.png' }, expected: true },
  { name: 'suffix ".png" is case sensitive', pattern: { FileName: [{ suffix: '.png' }] }, event: { FileName: 'photo.PNG' }, expected: false },
  {
    name: 'suffix with equals-ignore-case ".png" matches "photo.PNG"',
    pattern: { detail: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] } },
    event: eventWith({ FileName: 'photo.PNG' }),
    expected: true,
  },
  {
    name: 'equals-ignore-case matches the detail-type in any case',
    pattern: { 'detail-type': [{ 'equals-ignore-case': 'ec2 instance state-change notification' }] },
    event: EC2_EVENT,
    expected: true,
  },
  {
    name: 'equals-ignore-case "alice" matches "Alice"',
    pattern: { Name: [{ 'equals-ignore-case': 'alice' }] },
    event: { Name: 'Alice' },
    expected: true,
  },
  {
    name: 'equals-ignore-case "alice" does not match "Alicia"',
    pattern: { Name: [{ 'equals-ignore-case': 'alice' }] },
    event: { Name: 'Alicia' },
    expected: false,
  },
  {
    name: 'wildcard "dir/*.png" matches a .png in dir',
    pattern: { FileName: [{ wildcard: 'dir/*.png' }] },
    event: { FileName: 'dir/a/b.png' },
    expected: true,
  },
  {
    name: 'wildcard "dir/*.png" does not match outside dir',
    pattern: { FileName: [{ wildcard: 'dir/*.png' }] },
    event: { FileName: 'tmp/b.png' },
    expected: false,
  },
  {
    name: 'wildcard "*Title*" matches Title in the middle',
    pattern: { title: [{ wildcard: '*Title*' }] },
    event: { title: 'The Title Page' },
    expected: true,
  },
  {
    name: 'wildcard "*" matches zero characters',
    pattern: { source: [{ wildcard: 'Simple*Service' }] },
    event: { source: 'SimpleService' },
    expected: true,
  },
  { name: 'wildcard pieces may not overlap', pattern: { id: [{ wildcard: 'ab*ba' }] }, event: { id: 'aba' }, expected: false },
  { name: 'wildcard "\\*" is a literal star', pattern: { id: [{ wildcard: 'a\\*b' }] }, event: { id: 'a*b' }, expected: true },
  { name: 'wildcard "\\*" matches only a star', pattern: { id: [{ wildcard: 'a\\*b' }] }, event: { id: 'axb' }, expected: false },

  // anything-but
  {
    name: 'anything-but "initializing" matches "running"',
    pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } },
    event: FILTERING_EVENT,
    expected: true,
  },
  {
    name: 'anything-but "initializing" does not match "initializing"',
    pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } },
    event: eventWith({ state: 'initializing' }),
    expected: false,
  },
  { name: 'anything-but 123 matches 301.8', pattern: { detail: { 'x-limit': [{ 'anything-but': 123 }] } }, event: FILTERING_EVENT, expected: true },
  {
    name: 'anything-but a list of strings excludes each of them',
    pattern: { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } },
    event: eventWith({ state: 'overloaded' }),
    expected: false,
  },
  {
    name: 'anything-but [100, 200, 300] matches 301.8',
    pattern: { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } },
    event: FILTERING_EVENT,
    expected: true,
  },
  {
    name: 'anything-but [100, 200, 300] does not match 300.0',
    pattern: { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } },
    event: JSON.parse('{ "detail": { "x-limit": 300.0 } }'),
    expected: false,
  },
  {
    name: 'anything-but prefix "init" does not match "initializing"',
    pattern: { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
    event: eventWith({ state: 'initializing' }),
    expected: false,
  },
  {
    name: 'anything-but prefix "init" matches "running"',
    pattern: { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
    event: FILTERING_EVENT,
    expected: true,
  },
  {
    name: 'anything-but suffix ".png" does not match "a.png"',
    pattern: { FileName: [{ 'anything-but': { suffix: '.png' } }] },
    event: { FileName: 'a.png' },
    expected: false,
  },
  {
    name: 'anything-but suffix ".png" matches "a.jpg"',
    pattern: { FileName: [{ 'anything-but': { suffix: '.png' } }] },
    event: { FileName: 'a.jpg' },
    expected: true,
  },
  {
    name: 'anything-but equals-ignore-case "initializing" does not match "INITIALIZING"',
    pattern: { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] },
    event: { state: 'INITIALIZING' },
    expected: false,
  },
  {
    name: 'anything-but equals-ignore-case list matches another value',
    pattern: { state: [{ 'anything-but': { 'equals-ignore-case': ['Stopped', 'OverLoaded'] } }] },
    event: { state: 'running' },
    expected: true,
  },
  {
    name: 'anything-but wildcard "*/lib/*" does not match a path in lib',
    pattern: { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] },
    event: { FilePath: 'app/lib/util.js' },
    expected: false,
  },
  {
    name: 'anything-but wildcard "*/lib/*" matches a path elsewhere',
    pattern: { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] },
    event: { FilePath: 'app/bin/run.js' },
    expected: true,
  },
  {
    name: 'anything-but does not match a missing field',
    pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } },
    event: eventWith({}),
    expected: false,
  },
  {
    name: 'anything-but matches an event array with one other element',
    pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } },
    event: eventWith({ state: ['initializing', 'running'] }),
    expected: true,
  },

  // numeric
  { name: 'the numeric example matches c-count 5, d-count 3, x-limit 301.8', pattern: NUMERIC_EXAMPLE, event: FILTERING_EVENT, expected: true },
  { name: 'numeric "> 0" excludes 0', pattern: NUMERIC_EXAMPLE, event: eventWith({ 'c-count': 0, 'd-count': 3, 'x-limit': 301.8 }), expected: false },
  {
    name: 'numeric "<= 5" excludes 6',
    pattern: NUMERIC_EXAMPLE,
    event: eventWith({ 'c-count': 6, 'd-count': 3, 'x-limit': 301.8 }),
    expected: false,
  },
  {
    name: 'numeric only matches JSON numbers',
    pattern: { detail: { 'c-count': [{ numeric: ['>', 0] }] } },
    event: eventWith({ 'c-count': '5' }),
    expected: false,
  },
  {
    name: 'numeric "=" 300 matches 300.0',
    pattern: { detail: { Price: [{ numeric: ['=', 300] }] } },
    event: JSON.parse('{ "detail": { "Price": 300.0 } }'),
    expected: true,
  },
  { name: 'numeric range "> 10, <= 20" includes 20', pattern: { Price: [{ numeric: ['>', 10, '<=', 20] }] }, event: { Price: 20 }, expected: true },
  {
    name: 'numeric matches any element of an event array',
    pattern: { sizes: [{ numeric: ['>=', 10] }] },
    event: { sizes: [1, 2, 30] },
    expected: true,
  },

  // exists
  { name: 'exists true matches a present detail.state', pattern: { detail: { state: [{ exists: true }] } }, event: EC2_EVENT, expected: true },
  {
    name: 'exists true does not match when detail.state is missing',
    pattern: { detail: { state: [{ exists: true }] } },
    event: eventWith({ 'c-count': { c1: 100 } }),
    expected: false,
  },
  {
    name: 'exists false matches when detail.c-count is missing',
    pattern: { detail: { 'c-count': [{ exists: false }] } },
    event: eventWith({ state: ['initializing', 'running'] }),
    expected: true,
  },
  {
    name: 'exists false matches when c-count is an object, not a leaf',
    pattern: { detail: { 'c-count': [{ exists: false }] } },
    event: eventWith({ 'state': ['initializing', 'running'], 'c-count': { c1: 100 } }),
    expected: true,
  },
  {
    name: 'exists false does not match a present leaf',
    pattern: { detail: { 'c-count': [{ exists: false }] } },
    event: FILTERING_EVENT,
    expected: false,
  },
  {
    name: 'exists false under an array of objects matches only when no element has the field',
    pattern: { detail: { items: { sku: [{ exists: false }] } } },
    event: eventWith({ items: [{ sku: 'a' }, { qty: 2 }] }),
    expected: false,
  },
  {
    name: 'exists false under an array of objects matches when none has the field',
    pattern: { detail: { items: { sku: [{ exists: false }], qty: [2] } } },
    event: eventWith({ items: [{ qty: 1 }, { qty: 2 }] }),
    expected: true,
  },
  {
    name: 'exists false matches when the whole parent is missing',
    pattern: { detail: { 'c-count': [{ exists: false }] } },
    event: { source: 'x' },
    expected: true,
  },
  {
    name: 'exists true matches a null leaf',
    pattern: { detail: { responseElements: [{ exists: true }] } },
    event: AUTOSCALING_EVENT,
    expected: true,
  },

  // cidr
  {
    name: 'cidr 10.0.0.0/24 matches 10.0.0.33',
    pattern: { detail: { 'source-ip': [{ cidr: '10.0.0.0/24' }] } },
    event: FILTERING_EVENT,
    expected: true,
  },
  {
    name: 'cidr 10.0.0.0/24 does not match 10.0.1.33',
    pattern: { detail: { 'source-ip': [{ cidr: '10.0.0.0/24' }] } },
    event: eventWith({ 'source-ip': '10.0.1.33' }),
    expected: false,
  },
  {
    name: 'cidr does not match a string that is not an address',
    pattern: { ip: [{ cidr: '10.0.0.0/8' }] },
    event: { ip: 'localhost' },
    expected: false,
  },
  { name: 'cidr works with IPv6', pattern: { ip: [{ cidr: '2001:db8::/32' }] }, event: { ip: '2001:db8:0:1::5' }, expected: true },
  { name: 'cidr IPv6 outside the block', pattern: { ip: [{ cidr: '2001:db8::/32' }] }, event: { ip: '2001:db9::5' }, expected: false },

  // $or
  {
    name: '$or matches when one alternative does (d-count < 10)',
    pattern: OR_EXAMPLE,
    event: eventWith({ 'c-count': 0, 'd-count': 3, 'x-limit': 1 }),
    expected: true,
  },
  {
    name: '$or does not match when no alternative does',
    pattern: OR_EXAMPLE,
    event: eventWith({ 'c-count': 0, 'd-count': 30, 'x-limit': 1 }),
    expected: false,
  },
  {
    name: '$or across top-level fields: Location New York or Day Monday',
    pattern: { $or: [{ Location: ['New York'] }, { Day: ['Monday'] }] },
    event: { Location: 'Boston', Day: 'Monday' },
    expected: true,
  },
  {
    name: '$or is ANDed with the fields beside it',
    pattern: { source: ['aws.cloudwatch'], $or: [{ metricName: ['CPUUtilization'] }, { namespace: ['AWS/EC2'] }] },
    event: { source: 'aws.ec2', namespace: 'AWS/EC2' },
    expected: false,
  },
  {
    name: '$or nested in an $or alternative',
    pattern: {
      source: ['aws.cloudwatch'],
      $or: [
        { metricName: ['CPUUtilization', 'ReadLatency'] },
        { metricType: ['MetricType'], namespace: ['AWS/EC2'], $or: [{ metricId: [1234] }, { spaceId: [1000] }] },
      ],
    },
    event: { source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/EC2', spaceId: 1000 },
    expected: true,
  },
  {
    name: 'the complex example: prefix, anything-but and numeric together',
    pattern: {
      time: [{ prefix: '2017-10-02' }],
      detail: {
        'state': [{ 'anything-but': 'initializing' }],
        'c-count': [{ numeric: ['>', 0, '<=', 5] }],
        'd-count': [{ numeric: ['<', 10] }],
        'x-limit': [{ 'anything-but': [100, 200, 300] }],
      },
    },
    event: FILTERING_EVENT,
    expected: true,
  },
];

describe('matchesEventPattern', () => {
  test.each(CASES)('$name', ({ pattern, event, expected }) => {
    expect(matchesEventPattern(pattern, event)).toBe(expected);
  });

  test('every pattern of the table is one EventBridge accepts', () => {
    const invalid = CASES.filter(({ pattern }) => eventPatternProblems(pattern).length > 0);
    expect(invalid.map(({ name, pattern }) => [name, eventPatternProblems(pattern)])).toEqual([]);
  });

  test('an event that is not an object matches nothing', () => {
    expect(matchesEventPattern({ detail: { x: [{ exists: false }] } }, 'not an event')).toBe(false);
  });

  test('a part of the pattern EventBridge would refuse never matches', () => {
    expect(matchesEventPattern({ source: 'aws.ec2' }, EC2_EVENT)).toBe(false);
    expect(matchesEventPattern({ source: [{ contains: 'ec2' }] }, EC2_EVENT)).toBe(false);
    expect(matchesEventPattern({ detail: { state: [{ numeric: ['<', 10, '>'] }] } }, eventWith({ state: 5 }))).toBe(false);
  });
});

/** Six alternatives, so that four `$or`s make 6^4 = 1296 rule combinations. */
const SIX = [1, 2, 3, 4, 5, 6].map((n) => ({ n: [n] }));

describe('eventPatternProblems', () => {
  test.each<[string, unknown, string[]]>([
    ['an array as the pattern', [], ['(root): an event pattern must be a JSON object, not an empty array']],
    ['a string as the pattern', 'aws.ec2', ['(root): an event pattern must be a JSON object, not a string ("aws.ec2")']],
    [
      'a field that is neither an array nor an object',
      { source: 'aws.ec2' },
      ['source: must be an array of values to match (e.g. ["x"]) or an object of nested fields, not a string ("aws.ec2")'],
    ],
    ['an empty array', { source: [] }, ['source: an empty array matches nothing; give at least one value or matcher']],
    ['an empty nested object', { detail: {} }, ['detail: an empty object is not allowed; give at least one field to match']],
    ['a nested array', { source: [['aws.ec2']] }, ["source: arrays cannot be nested in a field's array; list the values side by side"]],
    [
      'an unknown operator',
      { detail: { state: [{ foo: 1 }] } },
      ['detail.state: unknown operator "foo"; use one of anything-but, cidr, equals-ignore-case, exists, numeric, prefix, suffix, wildcard'],
    ],
    [
      'two operators in one matcher',
      { id: [{ prefix: 'a', suffix: 'b' }] },
      ['id: a matcher object must hold exactly one operator, not 2 (prefix, suffix)'],
    ],
    ['an empty matcher', { id: [{}] }, ['id: a matcher object must hold exactly one operator, not 0']],
    ['a value JSON cannot hold', { id: [Number.NaN] }, ['id: a value to match must be a string, a number, true, false or null, not a number (NaN)']],
    [
      'numeric with a string bound',
      { detail: { amount: [{ numeric: ['>', 'five'] }] } },
      ['detail.amount: numeric needs pairs of an operator (<, <=, =, >, >=) and a number; > is followed by a string ("five")'],
    ],
    [
      'numeric with an unknown operator',
      { detail: { amount: [{ numeric: ['!=', 5] }] } },
      ['detail.amount: numeric needs pairs of an operator (<, <=, =, >, >=) and a number; "!=" is not an operator'],
    ],
    [
      'numeric with an odd number of elements',
      { detail: { amount: [{ numeric: ['>', 0, '<'] }] } },
      ['detail.amount: numeric needs pairs of an operator (<, <=, =, >, >=) and a number; got 3 elements'],
    ],
    [
      'numeric that is not an array',
      { detail: { amount: [{ numeric: 5 }] } },
      ['detail.amount: numeric needs pairs of an operator (<, <=, =, >, >=) and a number, not a number (5)'],
    ],
    [
      'a numeric range upper bound first',
      { amount: [{ numeric: ['<', 10, '>', 0] }] },
      ['amount: numeric with two comparisons needs a lower bound (> or >=) first and an upper bound (< or <=) second, not < then >'],
    ],
    [
      'an empty numeric range',
      { amount: [{ numeric: ['>', 5, '<=', 1] }] },
      ['amount: numeric range > 5, <= 1 is empty: the lower bound must be below the upper one'],
    ],
    [
      'three numeric comparisons',
      { amount: [{ numeric: ['>', 0, '<', 10, '<', 5] }] },
      ['amount: numeric needs pairs of an operator (<, <=, =, >, >=) and a number, at most two of them (a lower and an upper bound)'],
    ],
    ['prefix with a number', { id: [{ prefix: 5 }] }, ['id: prefix needs a string or { "equals-ignore-case": "<string>" }, not a number (5)']],
    [
      'suffix with an unknown option',
      { id: [{ suffix: { 'ignore-case': '.png' } }] },
      ['id: suffix needs a string or { "equals-ignore-case": "<string>" }, not an object'],
    ],
    ['equals-ignore-case with a list', { id: [{ 'equals-ignore-case': ['a'] }] }, ['id: equals-ignore-case needs a string, not an array']],
    [
      'anything-but mixing strings and numbers',
      { state: [{ 'anything-but': ['stopped', 1] }] },
      [
        'state: anything-but needs a string, a number, a non-empty list of only strings or only numbers, '
        + 'or an object with one of equals-ignore-case, prefix, suffix, wildcard; its list holds strings and numbers',
      ],
    ],
    [
      'anything-but with a boolean',
      { state: [{ 'anything-but': true }] },
      [
        'state: anything-but needs a string, a number, a non-empty list of only strings or only numbers, '
        + 'or an object with one of equals-ignore-case, prefix, suffix, wildcard, not a boolean (true)',
      ],
    ],
    [
      'anything-but with an unsupported operator',
      { state: [{ 'anything-but': { numeric: ['>', 1] } }] },
      [
        'state: anything-but needs a string, a number, a non-empty list of only strings or only numbers, '
        + 'or an object with one of equals-ignore-case, prefix, suffix, wildcard; got an object with numeric',
      ],
    ],
    [
      'anything-but prefix with a number',
      { state: [{ 'anything-but': { prefix: 1 } }] },
      ['state: anything-but { "prefix" } needs a string or a non-empty list of strings, not a number (1)'],
    ],
    [
      'anything-but with an empty prefix',
      { state: [{ 'anything-but': { prefix: '' } }] },
      ['state: anything-but { "prefix" } needs a non-empty string: EventBridge refuses an empty prefix'],
    ],
    [
      'anything-but with an empty suffix among others',
      { state: [{ 'anything-but': { suffix: ['.png', ''] } }] },
      ['state: anything-but { "suffix" } needs a non-empty string: EventBridge refuses an empty suffix'],
    ],
    [
      'cidr of one IPv4 address',
      { ip: [{ cidr: '10.0.0.1/32' }] },
      ['ip: cidr "10.0.0.1/32" is a single address, which EventBridge refuses as a block; match it as an exact value ("10.0.0.1")'],
    ],
    [
      'cidr of one IPv6 address',
      { ip: [{ cidr: '2001:db8::1/128' }] },
      ['ip: cidr "2001:db8::1/128" is a single address, which EventBridge refuses as a block; match it as an exact value ("2001:db8::1")'],
    ],
    ['exists with a string', { id: [{ exists: 'yes' }] }, ['id: exists needs true or false, not a string ("yes")']],
    ['cidr with a number', { ip: [{ cidr: 10 }] }, ['ip: cidr needs a string such as "10.0.0.0/24" or "2001:db8::/32", not a number (10)']],
    [
      'cidr with a prefix too long',
      { ip: [{ cidr: '10.0.0.0/33' }] },
      ['ip: cidr "10.0.0.0/33" is not an IPv4 or IPv6 CIDR block such as "10.0.0.0/24" or "2001:db8::/32"'],
    ],
    ['a wildcard with two stars in a row', { id: [{ wildcard: 'a**b' }] }, ['id: wildcard "a**b" has two * in a row, which is not allowed']],
    [
      'a wildcard escaping a letter',
      { id: [{ wildcard: 'a\\b' }] },
      ['id: wildcard "a\\\\b" has a backslash that escapes neither * nor \\ (write \\* for a star, \\\\ for a backslash)'],
    ],
    ['$or with one alternative', { $or: [{ a: ['1'] }] }, ['$or: $or needs an array of at least two patterns, not 1']],
    ['$or that is not an array', { detail: { $or: { a: ['1'] } } }, ['detail.$or: $or needs an array of at least two patterns, not an object']],
    ['$or with a string alternative', { $or: [{ a: ['1'] }, 'b'] }, ['$or[1]: each $or alternative must be a pattern object, not a string ("b")']],
    [
      'a problem inside an $or alternative',
      { $or: [{ a: ['1'] }, { b: [] }] },
      ['$or[1].b: an empty array matches nothing; give at least one value or matcher'],
    ],
    [
      'more than 1000 $or combinations',
      { a: { $or: SIX }, b: { $or: SIX }, c: { $or: SIX }, d: { $or: SIX } },
      ['(root): $or expands the pattern to 1296 rule combinations, more than the 1000 EventBridge allows'],
    ],
    [
      'several problems at once',
      { source: 'aws.ec2', detail: { amount: [{ numeric: ['>'] }], ok: ['x'], state: [{ exists: 1 }] } },
      [
        'source: must be an array of values to match (e.g. ["x"]) or an object of nested fields, not a string ("aws.ec2")',
        'detail.amount: numeric needs pairs of an operator (<, <=, =, >, >=) and a number; got 1 element',
        'detail.state: exists needs true or false, not a number (1)',
      ],
    ],
  ])('%s', (_name, pattern, expected) => {
    expect(eventPatternProblems(pattern)).toEqual(expected);
  });

  test('accepts the documentation patterns', () => {
    expect(eventPatternProblems(EC2_TERMINATED)).toEqual([]);
    expect(eventPatternProblems(NUMERIC_EXAMPLE)).toEqual([]);
    expect(eventPatternProblems(OR_EXAMPLE)).toEqual([]);
    expect(eventPatternProblems({ a: { $or: SIX }, b: { $or: SIX }, c: { $or: SIX } })).toEqual([]);
  });
});

describe("eventPatternProblems for Lambda's event filtering", () => {
  test.each<[string, object, string[]]>([
    ['a wildcard', { data: { file: [{ wildcard: '*.png' }] } },
      ["data.file: wildcard: Lambda's event filtering does not have it (an EventBridge rule does); use one of anything-but, equals-ignore-case, exists, numeric, prefix, suffix"]],
    ['a CIDR block', { data: { ip: [{ cidr: '10.0.0.0/24' }] } },
      ["data.ip: cidr: Lambda's event filtering does not have it (an EventBridge rule does); use one of anything-but, equals-ignore-case, exists, numeric, prefix, suffix"]],
    ['anything-but with a prefix', { eventName: [{ 'anything-but': { prefix: 'REM' } }] },
      ["eventName: anything-but with prefix: Lambda's event filtering does not have it (an EventBridge rule does); give anything-but a string, a number or a list"]],
    ['a string where an array belongs, as for EventBridge', { data: { kind: 'view' } },
      ['data.kind: must be an array of values to match (e.g. ["x"]) or an object of nested fields, not a string ("view")']],
  ])('refuses %s', (_case, pattern, expected) => {
    expect(eventPatternProblems(pattern, 'lambda')).toEqual(expected);
  });

  test.each<[string, object]>([
    ['equals, numeric ranges and exists', { eventName: ['INSERT'], dynamodb: { NewImage: { total: { N: [{ numeric: ['>', 0, '<=', 100] }] }, note: { S: [{ exists: false }] } } } }],
    ['prefix and suffix, also ignoring case', { data: { key: [{ prefix: { 'equals-ignore-case': 'in/' } }, { suffix: '.csv' }] } }],
    ['anything-but a list', { data: { state: [{ 'anything-but': ['a', 'b'] }] } }],
    ['$or', { $or: [{ data: { a: [1] } }, { data: { b: [2] } }] }],
  ])('accepts %s', (_case, pattern) => {
    expect(eventPatternProblems(pattern, 'lambda')).toEqual([]);
  });

  test('the operators Lambda lacks are still EventBridge\'s', () => {
    expect(eventPatternProblems({ data: { file: [{ wildcard: '*.png' }], ip: [{ cidr: '10.0.0.0/24' }] } })).toEqual([]);
  });
});
