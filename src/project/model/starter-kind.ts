/** Which starter a function's handler begins from. */
export enum StarterKind {
  LIST = 'list',
  CREATE = 'create',
  GET = 'get',
  UPDATE = 'update',
  DELETE = 'delete',
  API = 'api',
  /** An API route whose body has a JSON schema. */
  VALIDATED_API = 'validated-api',
  /** A function invoked by event subscriptions. */
  SUBSCRIBER = 'subscriber',
  /** A GraphQL resolver. */
  RESOLVER = 'resolver',
  /** A workflow's TASK step. */
  TASK = 'task',
  /** A workflow's CALLBACK step. */
  CALLBACK = 'callback',
  WORKER = 'worker',
  /** A function invoked by S3 object events. */
  OBJECTS = 'objects',
  /** The data lake's transform. */
  TRANSFORM = 'transform',
  /** A consumer of its service's table's stream. */
  TABLE_STREAM = 'table-stream',
  /** A consumer of a Kinesis stream. */
  KINESIS_STREAM = 'kinesis-stream',
  /** A consumer of a queue fed by an API route. */
  QUEUE = 'queue',
  /** A function invoked by its schedule only. */
  SCHEDULED = 'scheduled',
}
