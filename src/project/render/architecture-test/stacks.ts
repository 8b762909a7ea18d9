/**
 * The stacks of `test/generated/architecture.test.ts`: each holds the resources `npx projen`
 * counted (and refused above the limit), and, with `tags`, every taggable resource of every stack
 * carries them.
 */
import { AppModel } from '../../model';
import { MAX_STACK_RESOURCES } from '../../validation';
import { lines, literal, str } from '../typescript';

/** The stacks section; the stack rows name each stack and the resources counted from the options. */
export function renderStackTests(app: AppModel): string {
  const tags = Object.entries(app.tags);
  return lines(
    '',
    "describe('the stacks', () => {",
    '  const stackRows = [',
    ...app.stacks.map((counted) => {
      const service = app.services.find((s) => s.name === counted.service);
      const name = service ? `the ${service.name} service's nested stack` : app.serviceStacks ? "the app's stack" : "the app's one stack";
      const stack = service ? `Stack.of(stack.${service.propertyName})` : 'stack';
      return `    { name: ${str(name)}, stack: ${stack}, resources: ${counted.resources} },`;
    }),
    '  ];',
    '',
    `  test.each(stackRows)('$name: $resources resources, as npx projen counted them against its limit of ${MAX_STACK_RESOURCES}', ({ stack: holder, resources: count }) => {`,
    '    expect(Object.keys(stackResources.get(holder)!)).toHaveLength(count);',
    '  });',
    tags.length > 0 && lines(
      '',
      `  test.each(stackRows)('$name: every taggable resource carries ${tags.map(([key, value]) => `${key}=${value}`).join(', ')}', ({ stack: holder }) => {`,
      '    const taggable = holder.node.findAll()',
      '      .filter((c): c is CfnResource => CfnResource.isCfnResource(c) && TagManager.isTaggable(c) && Stack.of(c) === holder);',
      '    expect(taggable.length).toBeGreaterThan(0);',
      `    const tags: Array<[string, string]> = ${literal(tags)};`,
      '    // as a list of Key and Value, or as a map (Cognito\'s user pools, for one)',
      '    const untagged = taggable.filter((resource) => {',
      '      const properties = JSON.stringify(resourceOf(resource).Properties ?? {});',
      '      return !tags.every(([key, value]) => properties.includes(JSON.stringify({ Key: key, Value: value }))',
      '        || properties.includes(`${JSON.stringify(key)}:${JSON.stringify(value)}`));',
      '    });',
      '    expect(untagged.map((resource) => resource.node.path)).toEqual([]);',
      '  });',
    ),
    '});',
  );
}
