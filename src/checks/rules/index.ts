export * from './ApiTimeoutBeyondIntegration';
export * from './AsyncFailureDestination';
export * from './LambdaChaining';
export * from './LambdaMonolith';
export * from './LambdaRecursion';
export * from './LongRunningFunction';
export * from './UnreservedConcurrency';
