/**
 * The Step Functions API as local mode serves it to the functions (AWS JSON 1.0): each operation
 * reads its request, calls `LocalStepFunctions`, and shapes the response as the SDK expects it
 * (timestamps in epoch seconds, input and output as JSON text).
 *
 * @module
 */
import { ExecutionDescription, ExecutionStatus, StepFunctionsError } from './model';
import { AwsJsonOperation } from '../aws-json';
import { LOCAL_ACCOUNT, LocalStateMachine } from '../local-app';

/** What the API operations call: the public methods of `LocalStepFunctions`. */
export interface StepFunctionsOperations {
  machineByArn(arn: string): LocalStateMachine;
  stateMachines(): readonly LocalStateMachine[];
  startExecution(stateMachine: string, input: unknown, name?: string): { executionArn: string; startDate: Date };
  describeExecution(executionArn: string): ExecutionDescription;
  stopExecution(executionArn: string, error?: string, cause?: string): { stopDate: Date };
  listExecutions(stateMachine?: string, status?: ExecutionStatus): ExecutionDescription[];
  sendTaskSuccess(taskToken: string, output: unknown): void;
  sendTaskFailure(taskToken: string, error?: string, cause?: string): void;
  sendTaskHeartbeat(taskToken: string): void;
}

/** The operations of the API, by name: each takes the request and returns the response, or throws a `StepFunctionsError`. */
export function stepFunctionsApi(sfn: StepFunctionsOperations): Record<string, AwsJsonOperation> {
  return {
    StartExecution: (request) => {
      const machine = sfn.machineByArn(required(request, 'stateMachineArn'));
      const value = parseJson(optional(request, 'input') ?? '{}', 'InvalidExecutionInput', 'Invalid State Machine Execution Input: the input is not JSON.');
      const started = sfn.startExecution(machine.logicalId, value, optional(request, 'name'));
      return { executionArn: started.executionArn, startDate: epochSeconds(started.startDate) };
    },
    DescribeExecution: (request) => {
      const execution = sfn.describeExecution(required(request, 'executionArn'));
      return {
        ...executionSummary(execution),
        input: JSON.stringify(execution.input),
        inputDetails: { included: true },
        ...(execution.status === 'SUCCEEDED' && { output: JSON.stringify(execution.output), outputDetails: { included: true } }),
        ...(execution.error !== undefined && { error: execution.error }),
        ...(execution.cause !== undefined && { cause: execution.cause }),
      };
    },
    StopExecution: (request) => {
      const stopped = sfn.stopExecution(required(request, 'executionArn'), optional(request, 'error'), optional(request, 'cause'));
      return { stopDate: epochSeconds(stopped.stopDate) };
    },
    ListExecutions: (request) => {
      const machine = sfn.machineByArn(required(request, 'stateMachineArn'));
      const status = optional(request, 'statusFilter') as ExecutionStatus | undefined;
      const maxResults = typeof request.maxResults === 'number' && request.maxResults > 0 ? Math.min(request.maxResults, 1000) : 100;
      const from = Number(optional(request, 'nextToken') ?? 0) || 0;
      const all = sfn.listExecutions(machine.logicalId, status);
      const page = all.slice(from, from + maxResults);
      return {
        executions: page.map(executionSummary),
        ...(from + maxResults < all.length && { nextToken: String(from + maxResults) }),
      };
    },
    SendTaskSuccess: (request) => {
      const token = required(request, 'taskToken');
      sfn.sendTaskSuccess(token, parseJson(required(request, 'output'), 'InvalidOutput', 'Invalid Output: the output is not JSON.'));
      return {};
    },
    SendTaskFailure: (request) => {
      sfn.sendTaskFailure(required(request, 'taskToken'), optional(request, 'error'), optional(request, 'cause'));
      return {};
    },
    SendTaskHeartbeat: (request) => {
      sfn.sendTaskHeartbeat(required(request, 'taskToken'));
      return {};
    },
    DescribeStateMachine: (request) => {
      const source = sfn.machineByArn(required(request, 'stateMachineArn'));
      return {
        stateMachineArn: source.arn,
        name: source.name,
        status: 'ACTIVE',
        definition: JSON.stringify(source.definition),
        roleArn: `arn:aws:iam::${LOCAL_ACCOUNT}:role/${source.name}`,
        type: source.type,
        creationDate: 0,
      };
    },
    ListStateMachines: () => ({
      stateMachines: sfn.stateMachines().map((source) => ({ stateMachineArn: source.arn, name: source.name, type: source.type, creationDate: 0 })),
    }),
  };
}

function parseJson(text: string, errorType: string, message: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new StepFunctionsError(errorType, message);
  }
}

function required(request: Record<string, unknown>, field: string): string {
  const value = optional(request, field);
  if (value === undefined) {
    throw new StepFunctionsError('ValidationException', `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}

function optional(request: Record<string, unknown>, field: string): string | undefined {
  const value = request[field];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw new StepFunctionsError('SerializationException', `${field} must be a string.`);
  }
  return value;
}

/** A date as the JSON protocol sends timestamps: seconds since the epoch. */
function epochSeconds(date: Date): number {
  return date.getTime() / 1000;
}

/** What `DescribeExecution` and `ListExecutions` both say of an execution. */
function executionSummary(execution: ExecutionDescription): object {
  return {
    executionArn: execution.executionArn,
    stateMachineArn: execution.stateMachineArn,
    name: execution.name,
    status: execution.status,
    startDate: epochSeconds(execution.startDate),
    ...(execution.stopDate && { stopDate: epochSeconds(execution.stopDate) }),
  };
}
