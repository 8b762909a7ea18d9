import { Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';

/** The account, region and partition of the placeholder ARNs. */
const PSEUDO_PARAMETERS: { [name: string]: string } = {
  'AWS::Partition': 'aws',
  'AWS::Region': 'us-east-1',
  'AWS::AccountId': '123456789012',
  'AWS::URLSuffix': 'amazonaws.com',
};

/** The ARN that stands for the function of step `stepName` in a definition run offline. */
export function placeholderArn(stepName: string): string {
  return `arn:aws:lambda:${PSEUDO_PARAMETERS['AWS::Region']}:${PSEUDO_PARAMETERS['AWS::AccountId']}:function:${stepName}`;
}

/**
 * The Amazon States Language definition of a state machine built from a chain, as a JSON
 * object, with every function ARN replaced by the placeholder ARN of its step and pseudo
 * parameters by fixed values.
 */
export function resolveDefinition(
  where: string,
  stateMachine: sfn.StateMachine,
  functions: { [stepName: string]: lambda.IFunction },
): { [key: string]: any } {
  const stack = Stack.of(stateMachine);
  const resource = stateMachine.node.defaultChild as sfn.CfnStateMachine;
  // each function's ARN, as it appears in the resolved definition, and a step it stands for
  const arns = new Map<string, string>();
  for (const [stepName, fn] of Object.entries(functions)) {
    const key = JSON.stringify(stack.resolve(fn.functionArn));
    if (!arns.has(key)) {
      arns.set(key, placeholderArn(stepName));
    }
  }
  const text = flatten(stack.resolve(resource.definitionString), (part) => {
    const ref = (part as { Ref?: string }).Ref;
    const value = arns.get(JSON.stringify(part)) ?? (ref !== undefined ? PSEUDO_PARAMETERS[ref] : undefined);
    if (value === undefined) {
      throw new Error(`${where}: the definition refers to ${JSON.stringify(part)}, which is neither a function of \`tasks\` nor a pseudo parameter.`);
    }
    return value;
  });
  const definition = JSON.parse(text);
  // a function shared by several steps gets each step's own placeholder
  forEachState(definition, (name, state) => {
    if (state.Type !== 'Task' || !(name in functions)) {
      return;
    }
    if (typeof state.Resource === 'string' && state.Resource.startsWith('arn:aws:states:::lambda:invoke')) {
      state.Parameters.FunctionName = placeholderArn(name);
    } else {
      state.Resource = placeholderArn(name);
    }
  });
  return definition;
}

/** Calls `visit` on every state of a definition, those of branches and item processors included. */
export function forEachState(definition: { [key: string]: any }, visit: (name: string, state: { [key: string]: any }) => void): void {
  for (const [name, state] of Object.entries<{ [key: string]: any }>(definition.States ?? {})) {
    visit(name, state);
    for (const branch of state.Branches ?? []) {
      forEachState(branch, visit);
    }
    for (const processor of [state.ItemProcessor, state.Iterator]) {
      if (processor) {
        forEachState(processor, visit);
      }
    }
  }
}

/** A resolved string: literal parts kept, `Fn::Join` joined, any other intrinsic given to `replace`. */
function flatten(value: unknown, replace: (part: object) => string): string {
  if (typeof value === 'string') {
    return value;
  }
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join) {
    const [delimiter, parts] = join;
    return parts.map((part) => flatten(part, replace)).join(delimiter);
  }
  return replace(value as object);
}
