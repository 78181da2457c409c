export * from './delivery-schedule';
export * from './result-codes';
export * from './mask-text-phones';
export * from './feedback-events';
