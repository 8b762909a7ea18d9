import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { LocalSchedule } from '../../src/local/local-app';
import { LocalSchedules } from '../../src/local/schedules';

const NIGHTLY: LocalSchedule = {
  logicalId: 'ReportsServiceNightlySchedule1A2B3C4D',
  name: 'ReportsService/NightlySchedule',
  expression: 'cron(0 2 ? * MON-FRI *)',
  timeZone: 'Europe/Paris',
  enabled: true,
  function: 'ReportsServiceNightly3498ACF0',
  input: JSON.stringify({
    schedule: '<aws.scheduler.schedule-arn>',
    scheduledTime: '<aws.scheduler.scheduled-time>',
    executionId: '<aws.scheduler.execution-id>',
    attemptNumber: '<aws.scheduler.attempt-number>',
  }),
};

function schedules(): { local: LocalSchedules; invoked: Array<[string, any]> } {
  const invoked: Array<[string, any]> = [];
  return { local: new LocalSchedules([NIGHTLY], (fn, event) => invoked.push([fn, event]), () => undefined), invoked };
}

describe('LocalSchedules', () => {
  test('fires a schedule on demand: its function gets the input with Scheduler\'s context attributes filled in', () => {
    const { local, invoked } = schedules();

    const run = local.fire('ReportsService/NightlySchedule');

    expect(invoked).toEqual([['ReportsServiceNightly3498ACF0', {
      schedule: 'arn:aws:scheduler:us-east-1:000000000000:schedule/default/ReportsService-NightlySchedule',
      scheduledTime: run.scheduledTime,
      executionId: run.executionId,
      attemptNumber: '1',
    }]]);
    expect(run.scheduledTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  test('fires by logical id too, and refuses an unknown name, listing the known ones', () => {
    const { local, invoked } = schedules();
    local.fire(NIGHTLY.logicalId);
    expect(invoked).toHaveLength(1);
    expect(() => local.fire('Nightly')).toThrow("no schedule 'Nightly'; the app has 'ReportsService/NightlySchedule'");
  });

  test('over HTTP: POST /schedules/<name> fires it (202), GET /schedules lists them, anything else is refused', async () => {
    const { local, invoked } = schedules();
    const server = http.createServer(local.handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/schedules`;
    try {
      const fired = await fetch(`${base}/ReportsService/NightlySchedule`, { method: 'POST' });
      expect(fired.status).toBe(202);
      expect(await fired.json()).toMatchObject({ schedule: 'ReportsService/NightlySchedule', function: 'ReportsServiceNightly3498ACF0' });
      expect(invoked).toHaveLength(1);

      const listed = await fetch(base);
      expect(await listed.json()).toEqual({ schedules: [{ name: 'ReportsService/NightlySchedule', expression: 'cron(0 2 ? * MON-FRI *)', timeZone: 'Europe/Paris', enabled: true }] });
      expect((await fetch(`${base}/ReportsService/NightlySchedule`)).status).toBe(405);
      expect((await fetch(`${base}/Nope`, { method: 'POST' })).status).toBe(404);
      expect(invoked).toHaveLength(1);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
