export * from './workflow-tester';
