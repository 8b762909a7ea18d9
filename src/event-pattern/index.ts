/**
 * EventBridge's event-pattern grammar, in one place: the matcher of local mode (`match`) and the
 * checks of what EventBridge, or Lambda's event filtering, would refuse (`problems`), on the syntax
 * both read (`syntax`). A leaf: local mode and the project type's validation both import it.
 *
 * @module
 */
export type { EventPattern } from './syntax';
export type { PatternReader } from './problems';
export { matchesEventPattern } from './match';
export { eventPatternProblems } from './problems';
