/**
 * The resolved app: `buildModel` checks the options, then applies every default, so that each
 * renderer reads one plain description of the app (names, sizes, routes, triggers) and decides nothing.
 */
export * from './types';
export * from './data-types';
export * from './schedule';
export * from './deploy';
export { StarterKind } from './starter-kind';
export { buildModel } from './build-app';
export { validatesBody } from './function';
export { checkWrittenFiles } from './resolved-checks';
