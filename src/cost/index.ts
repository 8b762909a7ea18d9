/**
 * The cost estimate of a synthesized app (`serverless-patterns-cost`, the `cost` task of a
 * ServerlessApp): its idle floor and the cost per million of each way in, priced with the table
 * of AWS prices this package ships, and the idle budget that fails the build.
 */
export * from './assembly';
export * from './budget';
export * from './config';
export * from './estimate';
export * from './idle';
export * from './inventory';
export * from './lines';
export * from './per-million';
export * from './prices/types';
export * from './prices/price-table';
export * from './report';
export * from './run';
export * from './template-inventory';
export * from './transitions';
