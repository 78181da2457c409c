export * from './followup-rules';
export * from './followup-outcome';
