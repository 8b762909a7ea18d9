/**
 * The renderer of `src/generated/<service>-service.generated.ts`, one construct class per service:
 * its table, functions and routes (`service.ts`), its data resources (`data.ts`), its workflows (`workflow.ts`).
 */
export { renderService } from './service';
