/** A workflow: its name, steps, task settings, timeout and trigger (events of the app's bus, or objects created in a bucket). */
import { duplicates, inRange, Place, wholeNumber } from './checks';
import { bucketProblems } from './data-functions';
import { detailProblems } from './events';
import { checkSizing } from './function';
import { TableAccess } from '../../constructs/microservice';
import { keyFilterErrors } from '../../constructs/s3-event-bucket-filters';
import { WorkflowType } from '../../constructs/workflow-steps';
import { functionStepsOf, stepProblems } from '../../constructs/workflow-validation';
import { KEBAB_CASE } from '../names';
import { ServiceOptions, WorkflowOptions, WorkflowTriggerOptions } from '../options';

export function checkWorkflow(workflow: WorkflowOptions, where: string, service: ServiceOptions): string[] {
  const problems: string[] = [];
  const label = `${service.name}/${workflow.name}`;
  if (!KEBAB_CASE.test(workflow.name ?? '')) {
    problems.push(`\`${where}.name\` must be kebab-case (like 'order-processing'); got '${workflow.name}'.`);
  }
  if (!Array.isArray(workflow.steps) || workflow.steps.length === 0) {
    return [...problems, `\`${where}.steps\` ('${label}') must name at least one step; got none.`];
  }
  // step names (kebab-case, as their handler files) are checked by stepProblems with the rest
  const tasks = functionStepsOf(workflow.steps).map((step) => step.name);
  problems.push(...stepProblems(`\`${where}.steps\` ('${label}')`, workflow.steps, tasks, workflow.type ?? WorkflowType.STANDARD));
  // construct ids shared with the service's functions are found with every other derived name (model/derived-names.ts)
  (workflow.tasks ?? []).forEach((task, index) => {
    const at = `${where}.tasks[${index}]`;
    if (!tasks.includes(task.step)) {
      problems.push(`\`${at}.step\` ('${label}') names '${task.step}', which is no TASK or CALLBACK step of the workflow (${tasks.join(', ') || 'none'}).`);
    }
    problems.push(...checkSizing(task, at, `'${label}/${task.step}'`));
    if (task.tableAccess !== undefined && task.tableAccess !== TableAccess.NONE && !service.table) {
      problems.push(`\`${at}.tableAccess\` ('${label}/${task.step}') is ${task.tableAccess} but service '${service.name}' has no \`table\`.`);
    }
    const events = service.events ?? [];
    (task.publishes ?? []).filter((name) => !events.includes(name)).forEach((name) => {
      problems.push(`\`${at}.publishes\` ('${label}/${task.step}') names '${name}', which is not in \`events\` of service '${service.name}' (${events.join(', ') || 'none'}).`);
    });
  });
  duplicates((workflow.tasks ?? []).map((task) => task.step)).forEach((step) => {
    problems.push(`\`${where}.tasks\` ('${label}') sets step '${step}' more than once.`);
  });
  const express = workflow.type === WorkflowType.EXPRESS;
  const maxSeconds = express ? 300 : 31_536_000;
  if (workflow.timeoutSeconds !== undefined && !inRange(workflow.timeoutSeconds, 1, maxSeconds)) {
    problems.push(`\`${where}.timeoutSeconds\` ('${label}') must be a whole number of seconds from 1 to ${maxSeconds} (${express ? 'an EXPRESS workflow runs 5 minutes at most' : 'a year'}); got ${workflow.timeoutSeconds}.`);
  }
  const trigger = workflow.trigger;
  if (trigger) {
    problems.push(...detailProblems(trigger.detail, `${where}.trigger.detail`, label));
    problems.push(...checkObjectTrigger(trigger, { where: `${where}.trigger`, label }, service));
  }
  if (trigger?.acknowledgeEventRing !== undefined && !(typeof trigger.acknowledgeEventRing === 'string' && trigger.acknowledgeEventRing.trim())) {
    problems.push(`\`${where}.trigger.acknowledgeEventRing\` ('${label}') must say what ends the ring; got ${JSON.stringify(trigger.acknowledgeEventRing)}.`);
  }
  if (trigger && !trigger.objectCreated && !trigger.sources?.length && !trigger.detailTypes?.length) {
    problems.push(`\`${where}.trigger\` ('${label}') must name \`sources\` or \`detailTypes\`: an empty pattern would start it for every event on the bus.`);
  }
  return problems;
}

/** A workflow started by objects created in one of its service's buckets. */
export function checkObjectTrigger(trigger: WorkflowTriggerOptions, at: Place, service: ServiceOptions): string[] {
  const created = trigger.objectCreated;
  if (!created) {
    return [];
  }
  const where = `${at.where}.objectCreated`;
  const problems = [
    ...bucketProblems(created.bucket, `${where}.bucket`, at.label, service),
    ...keyFilterErrors(`${where}.prefix`, created.prefix),
    ...keyFilterErrors(`${where}.suffix`, created.suffix),
    ...wholeNumber(`${where}.minSizeBytes`, created.minSizeBytes, 0, Number.MAX_SAFE_INTEGER),
  ];
  if (trigger.sources?.length || trigger.detailTypes?.length || trigger.detail !== undefined) {
    problems.push(`\`${at.where}\` ('${at.label}') sets \`objectCreated\` and an event pattern (\`sources\`, \`detailTypes\`, \`detail\`); a workflow is started by one or the other.`);
  }
  return problems;
}
