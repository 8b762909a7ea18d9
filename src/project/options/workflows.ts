import { TableAccess } from '../../constructs/microservice';
import { WorkflowStep, WorkflowType } from '../../constructs/workflow-steps';
import { FunctionPreset } from '../../presets';

/** The Lambda function of a workflow's TASK or CALLBACK step; steps not listed get the service's defaults. */
export interface WorkflowTaskOptions {
  /** The step's name. */
  readonly step: string;

  /**
   * Workload preset giving memory and timeout.
   *
   * @default - the service's `preset`, else the app's `defaultPreset`
   */
  readonly preset?: FunctionPreset;

  /**
   * Memory in MB, 128-10240.
   *
   * @default - the preset's
   */
  readonly memorySize?: number;

  /**
   * Timeout in seconds, 1-900.
   *
   * @default - the preset's
   */
  readonly timeoutSeconds?: number;

  /**
   * What the function may do with its service's table.
   *
   * @default TableAccess.NONE
   */
  readonly tableAccess?: TableAccess;

  /**
   * Detail types it publishes, from its service's `events`.
   *
   * @default - publishes nothing
   */
  readonly publishes?: string[];
}

/** The events that start a workflow: an EventBridge rule on the app's bus. */
export interface WorkflowTriggerOptions {
  /**
   * Sources of the events: names of the app's services.
   *
   * @default - any source
   */
  readonly sources?: string[];

  /**
   * Detail types of the events.
   *
   * @default - any detail type
   */
  readonly detailTypes?: string[];

  /**
   * Content filter on the events' `detail`, in EventBridge's pattern syntax.
   *
   * @default - any detail
   */
  readonly detail?: { [key: string]: any };

  /**
   * Why events that go round a ring through this trigger stop: functions (and workflows) each
   * publishing what the next one hears, back to the first, invoke one another without end, so
   * `npx projen` refuses such a ring. When a `detail` filter or the handler itself ends the round,
   * say how here (it is not checked, only required): the ring is then allowed.
   *
   * @default - a ring of events through this trigger is refused
   */
  readonly acknowledgeEventRing?: string;

  /**
   * Objects created in one of its service's buckets start it instead of events (set this or
   * `sources`/`detailTypes`, not both): the bucket sends its events to EventBridge, and a rule
   * on the default bus matches the prefix, suffix and size.
   *
   * @default - started by events of the app's bus
   */
  readonly objectCreated?: WorkflowObjectTriggerOptions;
}

/** The workflow starts when an object is created in one of its service's buckets (large-file processing). */
export interface WorkflowObjectTriggerOptions {
  /** The bucket: a name from its service's `buckets`. */
  readonly bucket: string;

  /**
   * Key prefix of the objects; matched literally.
   *
   * @default - any key
   */
  readonly prefix?: string;

  /**
   * Key suffix of the objects; matched literally.
   *
   * @default - any key
   */
  readonly suffix?: string;

  /**
   * Smallest object, in bytes, that starts the workflow: smaller ones are left to functions.
   *
   * @default - any size
   */
  readonly minSizeBytes?: number;
}

/** A Step Functions workflow of a service, declared as data. */
export interface WorkflowOptions {
  /** Name, kebab-case; its task handlers live in `src/handlers/<service>/<name>/<step>.ts`. */
  readonly name: string;

  /**
   * STANDARD (up to a year, exactly once) or EXPRESS (up to 5 minutes, high volume).
   *
   * @default WorkflowType.STANDARD
   */
  readonly type?: WorkflowType;

  /**
   * The events that start it; the event's `detail` is its input.
   *
   * @default - no trigger: started by API call or by hand
   */
  readonly trigger?: WorkflowTriggerOptions;

  /** The steps; the execution starts at the first. */
  readonly steps: WorkflowStep[];

  /**
   * Settings of the functions of its TASK and CALLBACK steps.
   *
   * @default - every task function has the service's defaults and no table access
   */
  readonly tasks?: WorkflowTaskOptions[];

  /**
   * Seconds after which an execution fails with States.Timeout.
   *
   * @default - no limit of its own (STANDARD: a year; EXPRESS: 5 minutes)
   */
  readonly timeoutSeconds?: number;
}
