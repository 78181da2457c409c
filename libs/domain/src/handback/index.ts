export * from './handback-rules';
