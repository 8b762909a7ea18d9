/**
 * One renderer per generated file, each a pure function from the resolved app (`../model`) to text;
 * `ServerlessApp` writes what they return. Starters are written once; the rest on every `npx projen`.
 */
export { renderArchitectureDoc } from './architecture-doc';
export { renderArchitectureTest } from './architecture-test';
export { renderLocalTest } from './local-test';
export { renderMain } from './main';
export { renderReadme } from './readme';
export { renderService } from './service';
export { renderStack } from './stack';
export { addStarters } from './starters';
export { renderWorkflowTests } from './workflow-tests';
