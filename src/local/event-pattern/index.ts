/**
 * An offline EventBridge event-pattern matcher for local mode (`match`) and the checks of what
 * EventBridge would refuse (`problems`), on the syntax both read (`syntax`).
 *
 * @module
 */
export type { EventPattern } from './syntax';
export { matchesEventPattern } from './match';
export { eventPatternProblems } from './problems';
