/** Events of an object that invoke a function. */
export enum ObjectEvent {
  /** An object was created or overwritten: put, post, copy or multipart upload. */
  CREATED = 'CREATED',
  /** An object was deleted, or a delete marker was created in a versioned bucket. */
  REMOVED = 'REMOVED',
}

/**
 * A bucket of a service (spec: S3 Event Processing): SSE-S3 encrypted, TLS only, public access
 * blocked, server access logs, kept when it leaves the stack.
 */
export interface BucketOptions {
  /** Name, kebab-case, unique in its service; the stack names the bucket itself. */
  readonly name: string;

  /**
   * Whether overwritten and deleted objects keep their previous versions (deleted after 30 days).
   *
   * @default true
   */
  readonly versioned?: boolean;

  /**
   * Days after which objects expire.
   *
   * @default - never
   */
  readonly expireAfterDays?: number;

  /**
   * Days after which objects move to S3 Standard-IA, 30 or more.
   *
   * @default - they stay in S3 Standard
   */
  readonly transitionToInfrequentAccessAfterDays?: number;
}

/** The objects of one of its service's buckets whose events invoke a function. */
export interface ObjectEventsOptions {
  /** The bucket: a name from its service's `buckets`. */
  readonly bucket: string;

  /**
   * Key prefix of the objects, e.g. `incoming/`; matched literally.
   *
   * @default - any key
   */
  readonly prefix?: string;

  /**
   * Key suffix of the objects, e.g. `.csv`; matched literally.
   *
   * @default - any key
   */
  readonly suffix?: string;

  /**
   * The events that invoke the function.
   *
   * @default [ObjectEvent.CREATED]
   */
  readonly events?: ObjectEvent[];
}

/** Objects a function may write: a bucket of its service, under a prefix. */
export interface BucketWriteOptions {
  /** The bucket: a name from its service's `buckets`. */
  readonly bucket: string;

  /**
   * The key prefix it may write under, e.g. `processed/`. It must lie outside the prefix whose
   * events invoke the function itself: a function that writes where it is triggered invokes
   * itself, without end.
   */
  readonly prefix: string;
}
