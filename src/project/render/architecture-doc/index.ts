/**
 * The renderer of `docs/architecture.md`: the app's Mermaid diagram and the tables of its functions,
 * APIs, data resources, workflows and events, all written from the resolved options.
 */
export { renderArchitectureDoc } from './architecture-doc';
