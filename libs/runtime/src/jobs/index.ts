export * from './job-problem';
export * from './job-reporter';
