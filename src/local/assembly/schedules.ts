/**
 * The EventBridge Scheduler schedules of a template whose target is one of its functions: what
 * local mode fires on demand (`POST /schedules/<name>`), with the input Scheduler would send.
 *
 * @module
 */
import { constructPath } from './functions';
import { arnService, NotEmulated, TemplateIndex } from './lookup';
import { StackArtifact } from './manifest';
import { StackTemplate } from './template';
import { LocalSchedule } from '../local-app';

/** The schedules of the template that invoke one of its functions; others are counted in `notEmulated`. */
export function readSchedules(template: StackTemplate, stack: StackArtifact, lookup: TemplateIndex, notEmulated: NotEmulated): LocalSchedule[] {
  const schedules: LocalSchedule[] = [];
  for (const [logicalId, resource] of template.ofType('AWS::Scheduler::Schedule')) {
    const arn = template.requiredString(logicalId, 'Target.Arn');
    if (arnService(arn) !== 'lambda') {
      notEmulated.add(`AWS::Scheduler::Schedule (target ${arnService(arn) ?? arn})`);
      continue;
    }
    const path = constructPath(resource.Metadata, stack, logicalId).replace(/\/Resource$/, '');
    const deadLetter = template.string(logicalId, 'Target.DeadLetterConfig.Arn');
    const timeZone = template.string(logicalId, 'ScheduleExpressionTimezone');
    const input = template.string(logicalId, 'Target.Input');
    schedules.push({
      logicalId,
      // `ReportsService/NightlySchedule`: the path without the stack, what `POST /schedules/<name>` takes
      name: path.split('/').slice(1).join('/') || logicalId,
      expression: template.requiredString(logicalId, 'ScheduleExpression'),
      ...(timeZone !== undefined && { timeZone }),
      enabled: template.string(logicalId, 'State') !== 'DISABLED',
      function: lookup.functionOf(arn, logicalId, 'Target.Arn'),
      ...(input !== undefined && { input }),
      ...(deadLetter !== undefined && { deadLetterQueue: lookup.queueOf(deadLetter, logicalId, 'Target.DeadLetterConfig.Arn') }),
    });
  }
  return schedules;
}
