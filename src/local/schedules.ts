/**
 * EventBridge Scheduler, on demand: local mode does not wait for a schedule's time; a schedule
 * fires when asked (`POST /schedules/<name>` on its schedules endpoint, or `fireSchedule` from a
 * test), sending its function the input Scheduler would send, context attributes filled in, as
 * an asynchronous invocation (Lambda's retries, then the function's dead-letter queue).
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import { LOCAL_ACCOUNT, LOCAL_REGION, LocalSchedule } from './local-app';

/** One run of a schedule, as local mode fired it. */
export interface ScheduledRun {
  readonly schedule: string;
  readonly function: string;
  readonly executionId: string;
  readonly scheduledTime: string;
}

/** The schedules of the app, and how a run reaches its function. */
export class LocalSchedules {
  constructor(
    private readonly schedules: LocalSchedule[],
    private readonly invokeAsync: (logicalId: string, event: unknown) => void,
    private readonly log: (entry: object) => void,
  ) {}

  /** The schedules' names, as `fire` and `POST /schedules/<name>` take them. */
  public get names(): string[] {
    return this.schedules.map((schedule) => schedule.name);
  }

  /**
   * Fires the schedule named `name` (or with that logical id) now, disabled or not: its function
   * is invoked asynchronously with the schedule's input, context attributes filled in.
   */
  public fire(name: string): ScheduledRun {
    const schedule = this.schedules.find((candidate) => candidate.name === name || candidate.logicalId === name);
    if (!schedule) {
      throw new Error(`no schedule '${name}'; the app has ${this.names.map((known) => `'${known}'`).join(', ') || 'none'}`);
    }
    const run = {
      schedule: schedule.name,
      function: schedule.function,
      executionId: randomUUID(),
      // Scheduler's `<aws.scheduler.scheduled-time>`: ISO 8601 in UTC, to the second
      scheduledTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    };
    const attributes: Record<string, string> = {
      '<aws.scheduler.schedule-arn>': `arn:aws:scheduler:${LOCAL_REGION}:${LOCAL_ACCOUNT}:schedule/default/${schedule.name.replace(/\//g, '-')}`,
      '<aws.scheduler.scheduled-time>': run.scheduledTime,
      '<aws.scheduler.execution-id>': run.executionId,
      '<aws.scheduler.attempt-number>': '1',
    };
    const input = Object.entries(attributes).reduce((text, [attribute, value]) => text.split(attribute).join(value), schedule.input ?? '{}');
    this.log({ schedule: schedule.name, expression: schedule.expression, ...(schedule.enabled ? {} : { note: 'disabled on AWS, fired on demand' }), executionId: run.executionId });
    this.invokeAsync(schedule.function, JSON.parse(input));
    return run;
  }

  /**
   * The schedules endpoint: `POST /schedules/<name>` fires one (202, with the run), `GET /schedules`
   * lists them with their expressions.
   */
  public readonly handler = (request: http.IncomingMessage, response: http.ServerResponse): void => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const send = (status: number, body: object) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    request.resume();
    if (url.pathname === '/schedules' || url.pathname === '/schedules/') {
      send(200, { schedules: this.schedules.map(({ name, expression, timeZone, enabled }) => ({ name, expression, timeZone, enabled })) });
      return;
    }
    const name = decodeURIComponent(url.pathname.replace(/^\/schedules\//, ''));
    if (!url.pathname.startsWith('/schedules/')) {
      send(404, { message: 'POST /schedules/<name> fires a schedule; GET /schedules lists them' });
    } else if (request.method !== 'POST') {
      send(405, { message: `POST /schedules/${name} fires it` });
    } else {
      try {
        send(202, this.fire(name));
      } catch (error) {
        send(404, { message: (error as Error).message });
      }
    }
  };
}
